/**
 * The isolation contract: what every {@link dev.tenantry.spi.isolation.Sandbox} must do, whatever runs the
 * guest. An implementation's test extends {@link dev.tenantry.testkit.isolation.SandboxContract}.
 */
package dev.tenantry.testkit.isolation;
