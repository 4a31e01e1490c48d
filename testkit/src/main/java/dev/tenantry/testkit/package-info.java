/** Shared fixtures for contract tests: a {@link dev.tenantry.testkit.TestingProviderContext} and sample tenants. */
package dev.tenantry.testkit;
