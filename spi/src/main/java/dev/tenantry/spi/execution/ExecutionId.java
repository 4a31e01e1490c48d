package dev.tenantry.spi.execution;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identity of one execution, unique across the platform and across restarts. It is also the id of the
 * execution's usage event, which makes metering idempotent: recording the same execution twice counts once.
 *
 * @param value 1 to 64 characters of letters, digits, {@code _} and {@code -}
 */
public record ExecutionId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Validates the form. */
    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid execution id: expected 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
    }

    /** {@return a new random id} */
    public static ExecutionId random() {
        return new ExecutionId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
