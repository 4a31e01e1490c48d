package dev.tenantry.spi.execution;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a tenant asks to run: a JavaScript source whose completion value (or the resolution of the Promise
 * it returns) is the result, optional JSON arguments visible to the script as {@code args}, and the
 * operation type the request is counted under for per-operation rate limits.
 *
 * @param code the JavaScript source; not empty
 * @param argumentsJson a JSON text bound to {@code args} in the guest; empty for none
 * @param operation the operation type, such as {@code execute}, {@code read} or {@code write}:
 *     {@code [a-z][a-z0-9_]{0,31}}
 */
public record ExecutionRequest(String code, Optional<String> argumentsJson, String operation) {
    /** The operation a request is counted under when it names none. */
    public static final String DEFAULT_OPERATION = "execute";
    private static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    /** Validates the values. */
    public ExecutionRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
        Objects.requireNonNull(operation, "operation");
        if (code.isBlank()) {
            throw new IllegalArgumentException("code must not be empty");
        }
        if (!OPERATION.matcher(operation).matches()) {
            throw new IllegalArgumentException("operation must match [a-z][a-z0-9_]{0,31}, was \"" + operation + "\"");
        }
    }

    /** {@return a request for {@code code} with no arguments, counted as {@value #DEFAULT_OPERATION}} */
    public static ExecutionRequest of(String code) {
        return new ExecutionRequest(code, Optional.empty(), DEFAULT_OPERATION);
    }

    /** {@return a copy with {@code json} as arguments} */
    public ExecutionRequest withArguments(String json) {
        return new ExecutionRequest(code, Optional.of(json), operation);
    }

    /** {@return a copy counted under {@code newOperation}} */
    public ExecutionRequest withOperation(String newOperation) {
        return new ExecutionRequest(code, argumentsJson, newOperation);
    }
}
