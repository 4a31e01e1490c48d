/** The tenant registry: tenants, tiers and their default limits, limit overrides, and API keys. */
package dev.tenantry.core.tenants;
