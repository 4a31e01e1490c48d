package dev.tenantry.spi.execution;

import java.util.Locale;

/** Which limit (or platform event) ended an execution before it finished on its own. */
public enum CancelReason {
    /** The CPU time limit. */
    CPU_TIME,
    /** The wall time limit, which covers awaits and promises that never settle. */
    WALL_TIME,
    /** The memory (allocation) limit, or the worker's heap. */
    MEMORY,
    /** The statement limit. */
    STATEMENTS,
    /** The stack depth limit. */
    STACK_DEPTH,
    /** The result was larger than the result size limit. */
    RESULT_SIZE,
    /** The execution waited in the queue longer than the tenant's queue timeout and never ran. */
    QUEUE_TIMEOUT,
    /** The worker running it died or was killed for a reason not caused by this execution. */
    WORKER_LOST,
    /** The platform shut down before the execution finished. */
    SHUTDOWN;

    /** {@return the lower-case name used in the API, such as {@code cpu_time}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
