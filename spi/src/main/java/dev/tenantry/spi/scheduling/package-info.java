/** Scheduling: ordering queued work across tenants, by weight, within each tenant's concurrency cap. */
package dev.tenantry.spi.scheduling;
