package dev.tenantry.spi.execution;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A typed error from a failed execution. The message and stack come from the guest only: host exception
 * messages and host frames never appear here.
 *
 * @param type the kind of failure
 * @param message a human-readable message
 * @param line the 1-based source line, if known
 * @param column the 1-based source column, if known
 * @param guestStack the guest stack trace, guest frames only; empty if there is none
 */
public record ExecutionError(ErrorType type, String message, OptionalInt line, OptionalInt column, String guestStack) {
    /** Validates that nothing is null. */
    public ExecutionError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(guestStack, "guestStack");
    }

    /** {@return an error with no position and no stack} */
    public static ExecutionError of(ErrorType type, String message) {
        return new ExecutionError(type, message, OptionalInt.empty(), OptionalInt.empty(), "");
    }
}
