/** The contract every {@link dev.tenantry.spi.scheduling.Scheduler} must meet. */
package dev.tenantry.testkit.scheduling;
