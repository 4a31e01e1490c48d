package dev.tenantry.spi.isolation;

/**
 * Runs tenant code in isolation. Whatever the code does, {@link #run} returns: a script that loops,
 * allocates without end, recurses, floods output or never settles is cancelled by the sandbox, with the
 * limit that ended it. Nothing one execution leaves behind (globals, prototypes) is visible to the next.
 *
 * <p>Thread-safe: the platform calls {@link #run} from up to {@link #parallelism()} threads at once and
 * never more. The platform closes the sandbox at shutdown; {@code close} cancels what still runs.
 */
public interface Sandbox extends AutoCloseable {

    /**
     * Runs one execution to its end and reports how it ended and what it used. Never throws for anything
     * the guest does; guest errors and limits are reported in the result.
     *
     * @param task the execution
     * @return the outcome, usage and console output
     * @throws IllegalStateException if the sandbox is closed
     */
    SandboxResult run(SandboxTask task);

    /** {@return how many executions this sandbox runs at once}; the platform never exceeds it */
    int parallelism();

    /** {@return whether the sandbox can take work now (its workers are started and warm)} */
    default boolean ready() {
        return true;
    }

    /** {@return a short description of the active runtime for logs, such as "GraalJS 25.0.3, optimizing"} */
    default String runtimeDescription() {
        return getClass().getSimpleName();
    }

    /** Stops every worker; running executions end as cancelled with reason {@code shutdown}. Idempotent. */
    @Override
    void close();
}
