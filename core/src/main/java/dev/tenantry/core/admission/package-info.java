/**
 * Admission: the {@code standard} quota policy (token buckets with burst, tenant-wide and per operation type;
 * daily and monthly execution counts on UTC calendar windows; hard and soft limits; threshold events), the
 * in-memory quota state store {@code memory}, and the dynamic limit policy that raises or lowers limits by rule.
 */
package dev.tenantry.core.admission;
