/**
 * Quotas: admission decisions (admit with a permit, or reject with the limit, the current value and a
 * retry-after), and the state store their counters live in.
 */
package dev.tenantry.spi.quota;
