package dev.tenantry.spi.isolation;

import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionUsage;

import java.util.Objects;

/**
 * What a sandbox reports for one execution.
 *
 * @param outcome how it ended
 * @param usage what it used
 * @param console captured console output, at most the execution's console limit in UTF-8 bytes
 * @param consoleTruncated whether output was cut
 */
public record SandboxResult(ExecutionOutcome outcome, ExecutionUsage usage, String console, boolean consoleTruncated) {
    /** Validates that nothing is null. */
    public SandboxResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(console, "console");
    }
}
