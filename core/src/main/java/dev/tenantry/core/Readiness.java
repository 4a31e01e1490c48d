package dev.tenantry.core;

import java.util.List;
import java.util.Objects;

/**
 * Whether a platform can serve now, per part: its stores answer and its workers take work.
 *
 * @param checks one per part, in a fixed order
 */
public record Readiness(List<Check> checks) {
    /** Copies the checks. */
    public Readiness {
        checks = List.copyOf(checks);
    }

    /** {@return whether every part is up} */
    public boolean ready() {
        return checks.stream().allMatch(Check::up);
    }

    /**
     * One part's answer.
     *
     * @param part {@code tenant-store}, {@code data-store}, {@code usage-store} or {@code workers}
     * @param up whether it answered in time
     * @param detail what was seen, for an operator ({@code "answered in 3 ms"}, the error)
     */
    public record Check(String part, boolean up, String detail) {
        /** Validates that nothing is null. */
        public Check {
            Objects.requireNonNull(part, "part");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
