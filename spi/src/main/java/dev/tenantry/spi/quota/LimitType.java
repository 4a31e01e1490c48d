package dev.tenantry.spi.quota;

import java.util.Locale;

/** Which limit a request ran into. */
public enum LimitType {
    /** The tenant-wide token bucket (executions per minute plus burst). */
    RATE_LIMIT,
    /** The token bucket of one operation type. */
    OPERATION_RATE_LIMIT,
    /** Executions per UTC day. */
    DAILY_EXECUTIONS,
    /** Executions per UTC calendar month. */
    MONTHLY_EXECUTIONS,
    /** Executions running at once. */
    CONCURRENCY,
    /** The tenant's or the platform's queue is full. */
    QUEUE_FULL,
    /** Bytes of the tenant's key-value data. */
    STORAGE_BYTES,
    /** Number of the tenant's keys. */
    STORAGE_OBJECTS,
    /** Size of one key-value entry. */
    OBJECT_SIZE,
    /** Size of an execution's result. */
    RESULT_SIZE,
    /** The tenant forced too many worker kills recently and is throttled. */
    FORCED_KILLS,
    /** The tenant is disabled. */
    TENANT_DISABLED;

    /** {@return the lower-case name used in the API, such as {@code rate_limit}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
