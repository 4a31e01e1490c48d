package dev.tenantry.spi.tenant;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the platform limits for one tenant. Immutable; each part validates its values on
 * construction and throws {@link IllegalArgumentException} naming the offending field. A value of
 * {@link Long#MAX_VALUE} (or {@link Integer#MAX_VALUE}) means "no limit".
 *
 * @param rate how fast the tenant may submit work
 * @param requests daily and monthly totals, concurrency and queueing
 * @param execution what one execution may use
 * @param storage what the tenant's key-value data may hold
 * @param thresholds when to warn and whether limits are hard
 */
public record TenantLimits(RateLimit rate, RequestLimits requests, ExecutionLimits execution,
                           StorageLimit storage, Thresholds thresholds) {

    /** Validates that no part is null. */
    public TenantLimits {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(thresholds, "thresholds");
    }

    /** {@return a copy with {@code rate} replaced} */
    public TenantLimits withRate(RateLimit rate) {
        return new TenantLimits(rate, requests, execution, storage, thresholds);
    }

    /** {@return a copy with {@code requests} replaced} */
    public TenantLimits withRequests(RequestLimits requests) {
        return new TenantLimits(rate, requests, execution, storage, thresholds);
    }

    /** {@return a copy with {@code execution} replaced} */
    public TenantLimits withExecution(ExecutionLimits execution) {
        return new TenantLimits(rate, requests, execution, storage, thresholds);
    }

    /** {@return a copy with {@code storage} replaced} */
    public TenantLimits withStorage(StorageLimit storage) {
        return new TenantLimits(rate, requests, execution, storage, thresholds);
    }

    /** {@return a copy with {@code thresholds} replaced} */
    public TenantLimits withThresholds(Thresholds thresholds) {
        return new TenantLimits(rate, requests, execution, storage, thresholds);
    }

    /**
     * A token-bucket rate limit: {@code perMinute} tokens refill each minute, and up to
     * {@code perMinute + burst} may be spent at once.
     *
     * @param perMinute sustained operations per minute; at least 1
     * @param burst extra operations allowed above the sustained rate in a burst; at least 0
     * @param perOperation limits for single operation types ({@code read}, {@code write}, {@code execute}, ...),
     *     each checked in addition to the tenant-wide rate; copied
     */
    public record RateLimit(long perMinute, long burst, Map<String, OperationRate> perOperation) {
        /** Validates the values. */
        public RateLimit {
            positive("rate.perMinute", perMinute);
            notNegative("rate.burst", burst);
            perOperation = Map.copyOf(perOperation);
        }
    }

    /**
     * The rate limit of one operation type.
     *
     * @param perMinute sustained operations per minute; at least 1
     * @param burst extra operations allowed in a burst; at least 0
     */
    public record OperationRate(long perMinute, long burst) {
        /** Validates the values. */
        public OperationRate {
            positive("perOperation.perMinute", perMinute);
            notNegative("perOperation.burst", burst);
        }
    }

    /**
     * Totals over calendar windows (UTC) and how much may run or wait at once.
     *
     * @param dailyExecutions executions per UTC day; at least 1
     * @param monthlyExecutions executions per UTC calendar month; at least 1
     * @param maxConcurrent executions of this tenant running at once; more wait in the queue; at least 1
     * @param maxQueued executions of this tenant waiting in the queue; more are rejected; at least 0
     * @param queueTimeout how long an execution may wait in the queue before it is cancelled; positive
     */
    public record RequestLimits(long dailyExecutions, long monthlyExecutions, int maxConcurrent, int maxQueued,
                                Duration queueTimeout) {
        /** Validates the values. */
        public RequestLimits {
            positive("requests.dailyExecutions", dailyExecutions);
            positive("requests.monthlyExecutions", monthlyExecutions);
            positive("requests.maxConcurrent", maxConcurrent);
            notNegative("requests.maxQueued", maxQueued);
            positive("requests.queueTimeout", queueTimeout);
        }
    }

    /**
     * What one execution may use. The sandbox enforces each of them; the guest cannot raise any.
     *
     * @param cpuTime CPU time of the executing thread; positive
     * @param wallTime elapsed time including awaits; positive
     * @param memoryBytes bytes the execution may allocate; at least 1 MiB
     * @param maxStatements statements the guest may execute; at least 1
     * @param maxStackDepth nested calls the guest may make; at least 16
     * @param maxConsoleBytes console output kept and returned; more is cut and reported as truncated; at least 0
     * @param maxResultBytes bytes of the JSON result; a larger result cancels the execution; at least 16
     */
    public record ExecutionLimits(Duration cpuTime, Duration wallTime, long memoryBytes, long maxStatements,
                                  int maxStackDepth, long maxConsoleBytes, long maxResultBytes) {
        /** Validates the values. */
        public ExecutionLimits {
            positive("execution.cpuTime", cpuTime);
            positive("execution.wallTime", wallTime);
            atLeast("execution.memoryBytes", memoryBytes, 1L << 20);
            positive("execution.maxStatements", maxStatements);
            atLeast("execution.maxStackDepth", maxStackDepth, 16);
            notNegative("execution.maxConsoleBytes", maxConsoleBytes);
            atLeast("execution.maxResultBytes", maxResultBytes, 16);
        }
    }

    /**
     * What the tenant's key-value data may hold.
     *
     * @param maxBytes keys and values together, in UTF-8 bytes; at least 0
     * @param maxObjects number of keys; at least 0
     * @param maxObjectBytes size of one key plus its value; at least 0
     */
    public record StorageLimit(long maxBytes, long maxObjects, long maxObjectBytes) {
        /** Validates the values. */
        public StorageLimit {
            notNegative("storage.maxBytes", maxBytes);
            notNegative("storage.maxObjects", maxObjects);
            notNegative("storage.maxObjectBytes", maxObjectBytes);
        }
    }

    /**
     * When the platform warns about consumption approaching a limit, and whether limits reject.
     *
     * @param warningFraction fraction of a limit at which a warning event is emitted once per window; in (0, 1]
     * @param criticalFraction fraction at which a critical event is emitted once per window; in
     *     [warningFraction, 1]
     * @param hardLimits true: a request over a limit is rejected; false: it is admitted and an event emitted
     *     (execution limits such as CPU time are always hard)
     */
    public record Thresholds(double warningFraction, double criticalFraction, boolean hardLimits) {
        /** Validates the values. */
        public Thresholds {
            if (!(warningFraction > 0 && warningFraction <= 1)) {
                throw new IllegalArgumentException("thresholds.warningFraction must be in (0, 1], was " + warningFraction);
            }
            if (!(criticalFraction >= warningFraction && criticalFraction <= 1)) {
                throw new IllegalArgumentException("thresholds.criticalFraction must be in [warningFraction, 1], was "
                        + criticalFraction);
            }
        }

        /** {@return the defaults: warn at 0.85, critical at 0.95, hard limits} */
        public static Thresholds defaults() {
            return new Thresholds(0.85, 0.95, true);
        }
    }

    private static void positive(String field, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be at least 1, was " + value);
        }
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", was " + value);
        }
    }
}
