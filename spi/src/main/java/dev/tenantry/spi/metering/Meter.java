package dev.tenantry.spi.metering;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A measured quantity that usage is aggregated and billed by. */
public enum Meter {
    /** Number of executions. */
    EXECUTIONS,
    /** CPU milliseconds. */
    CPU_MS,
    /** Wall-clock milliseconds. */
    WALL_MS,
    /** Memory limit in MiB times billed seconds. */
    MEMORY_MB_SECONDS,
    /** Host API calls. */
    API_CALLS,
    /** Bytes allocated. */
    ALLOCATED_BYTES,
    /** Stored GiB times hours. */
    STORAGE_GB_HOURS;

    /** {@return the lower-case name used in plans, configuration and the API, such as {@code cpu_ms}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the meter named {@code name}}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid meters if there is none by that name
     */
    public static Meter parse(String name) {
        for (Meter m : values()) {
            if (m.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown meter \"" + name + "\": expected one of "
                + Arrays.stream(values()).map(Meter::wireName).collect(Collectors.joining(", ")));
    }
}
