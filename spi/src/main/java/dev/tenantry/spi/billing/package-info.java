/** Billing: price plans applied to metered usage, giving invoices, estimates and tier recommendations. */
package dev.tenantry.spi.billing;
