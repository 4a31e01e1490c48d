package dev.tenantry.spi.quota;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one windowed counter of one tenant, such as its executions in the UTC day starting
 * {@code 2026-11-23T00:00:00Z}.
 *
 * @param tenant the tenant
 * @param name what is counted, such as {@code executions.daily}: {@code [a-z0-9._-]{1,64}}
 * @param windowStart the start of the window the counter covers
 */
public record CounterKey(TenantId tenant, String name, Instant windowStart) {
    // Compiled once: two keys are built for every admission, and String.matches compiles its pattern each call.
    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");

    /** Validates the values. */
    public CounterKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(windowStart, "windowStart");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("counter name must match [a-z0-9._-]{1,64}, was \"" + name + "\"");
        }
    }
}
