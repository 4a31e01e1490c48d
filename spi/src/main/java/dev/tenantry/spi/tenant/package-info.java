/**
 * Tenants: their configuration (tier, priority, limits, settings), the tenant store that keeps
 * configurations and API key hashes, and the tenant data store behind the guest {@code kv} API.
 */
package dev.tenantry.spi.tenant;
