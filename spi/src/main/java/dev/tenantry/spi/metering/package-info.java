/** Metering: durable, idempotent usage events and their aggregation per tenant and period. */
package dev.tenantry.spi.metering;
