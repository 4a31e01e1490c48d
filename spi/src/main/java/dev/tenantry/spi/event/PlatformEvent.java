package dev.tenantry.spi.event;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;

import java.time.Instant;
import java.util.Objects;

/** Something that happened to a tenant that operators or the tenant may want to know. Immutable. */
public sealed interface PlatformEvent {

    /** {@return the tenant concerned} */
    TenantId tenant();

    /** {@return when it happened} */
    Instant at();

    /** {@return how urgent it is} */
    Severity severity();

    /** {@return the event type used in the API, such as {@code threshold_reached}} */
    String type();

    /**
     * Consumption reached the warning or critical fraction of a limit. Emitted once per limit, level and window.
     *
     * @param tenant the tenant
     * @param at when
     * @param severity {@link Severity#WARNING} or {@link Severity#CRITICAL}
     * @param limitType the limit
     * @param limit its value
     * @param current the consumption that reached the fraction
     * @param window the window, such as {@code 2026-11-23} for a daily limit or {@code storage} for storage
     */
    record ThresholdReached(TenantId tenant, Instant at, Severity severity, LimitType limitType, long limit,
                            long current, String window) implements PlatformEvent {
        /** Validates that nothing is null. */
        public ThresholdReached {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(limitType, "limitType");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String type() {
            return "threshold_reached";
        }
    }

    /**
     * A soft limit was passed: the request was admitted anyway.
     *
     * @param tenant the tenant
     * @param at when
     * @param rejection what a hard limit would have rejected
     */
    record SoftLimitExceeded(TenantId tenant, Instant at, LimitRejection rejection) implements PlatformEvent {
        /** Validates that nothing is null. */
        public SoftLimitExceeded {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public Severity severity() {
            return Severity.WARNING;
        }

        @Override
        public String type() {
            return "soft_limit_exceeded";
        }
    }

    /**
     * A request was rejected by a limit.
     *
     * @param tenant the tenant
     * @param at when
     * @param rejection the facts of the rejection
     */
    record LimitRejected(TenantId tenant, Instant at, LimitRejection rejection) implements PlatformEvent {
        /** Validates that nothing is null. */
        public LimitRejected {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(rejection, "rejection");
        }

        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "limit_rejected";
        }
    }

    /**
     * A tenant's limit was changed, by an operator or by a dynamic limit policy.
     *
     * @param tenant the tenant
     * @param at when
     * @param limit the limit's path, such as {@code storage.maxBytes}
     * @param oldValue the value before
     * @param newValue the value after
     * @param reason why, such as {@code storage above 80% of its limit}
     */
    record LimitChanged(TenantId tenant, Instant at, String limit, String oldValue, String newValue, String reason)
            implements PlatformEvent {
        /** Validates that nothing is null. */
        public LimitChanged {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(oldValue, "oldValue");
            Objects.requireNonNull(newValue, "newValue");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "limit_changed";
        }
    }

    /**
     * A worker process was killed because an execution would not stop.
     *
     * @param tenant the tenant whose execution forced the kill
     * @param at when
     * @param execution the execution
     * @param reason the limit that could not be enforced from inside the worker
     */
    record WorkerKilled(TenantId tenant, Instant at, ExecutionId execution, CancelReason reason)
            implements PlatformEvent {
        /** Validates that nothing is null. */
        public WorkerKilled {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Severity severity() {
            return Severity.CRITICAL;
        }

        @Override
        public String type() {
            return "worker_killed";
        }
    }

    /**
     * A tenant was created, changed, disabled, enabled or deleted.
     *
     * @param tenant the tenant
     * @param at when
     * @param change {@code created}, {@code updated}, {@code disabled}, {@code enabled} or {@code deleted}
     */
    record TenantChanged(TenantId tenant, Instant at, String change) implements PlatformEvent {
        /** Validates that nothing is null. */
        public TenantChanged {
            Objects.requireNonNull(tenant, "tenant");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(change, "change");
        }

        @Override
        public Severity severity() {
            return Severity.INFO;
        }

        @Override
        public String type() {
            return "tenant_" + change;
        }
    }
}
