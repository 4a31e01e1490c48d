/** Isolation: running one execution's code in a sandbox under limits, with the host API bound for its tenant. */
package dev.tenantry.spi.isolation;
