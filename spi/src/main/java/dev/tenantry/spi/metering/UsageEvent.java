package dev.tenantry.spi.metering;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One unit of usage to record. Identified by {@link #eventId()}: recording the same id twice counts once.
 * For executions the event id is the execution id.
 *
 * @param eventId unique id of the event; 1-64 characters
 * @param tenant the tenant that used it
 * @param occurredAt when it happened (for executions: when they finished); decides the aggregation bucket
 * @param kind what is recorded
 * @param operation the operation type of the execution ({@code execute}, ...); {@code storage} for storage samples
 * @param outcome {@code succeeded}, {@code failed} or {@code cancelled} for executions; {@code sample} for storage
 * @param usage the execution's usage; {@link ExecutionUsage#NONE} for storage samples
 * @param storageByteHours stored bytes times hours for storage samples; zero for executions
 */
public record UsageEvent(String eventId, TenantId tenant, Instant occurredAt, UsageKind kind, String operation,
                         String outcome, ExecutionUsage usage, BigDecimal storageByteHours) {
    /** Validates the values. */
    public UsageEvent {
        Objects.requireNonNull(eventId, "eventId");
        if (eventId.isEmpty() || eventId.length() > 64) {
            throw new IllegalArgumentException("eventId must be 1-64 characters");
        }
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(storageByteHours, "storageByteHours");
        if (storageByteHours.signum() < 0) {
            throw new IllegalArgumentException("storageByteHours cannot be negative");
        }
    }

    /** {@return an event for one finished execution} */
    public static UsageEvent execution(String executionId, TenantId tenant, Instant finishedAt, String operation,
                                       String outcome, ExecutionUsage usage) {
        return new UsageEvent(executionId, tenant, finishedAt, UsageKind.EXECUTION, operation, outcome, usage,
                BigDecimal.ZERO);
    }
}
