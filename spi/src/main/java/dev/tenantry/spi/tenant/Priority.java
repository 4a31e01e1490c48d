package dev.tenantry.spi.tenant;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A tenant's scheduling priority. Schedulers turn it into a weight: by default each step doubles the
 * share of workers a backlogged tenant receives against others, and deployments may configure other
 * weights.
 */
public enum Priority {
    /** Weight 1 by default. */
    LOW(1),
    /** Weight 2 by default. */
    NORMAL(2),
    /** Weight 4 by default. */
    HIGH(4),
    /** Weight 8 by default. */
    CRITICAL(8);

    private final int defaultWeight;

    Priority(int defaultWeight) {
        this.defaultWeight = defaultWeight;
    }

    /** {@return the weight used when the configuration sets none} */
    public int defaultWeight() {
        return defaultWeight;
    }

    /** {@return the lower-case name used in configuration, files and the API} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the priority named {@code id}}, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid priorities if there is none by that name
     */
    public static Priority parse(String id) {
        for (Priority p : values()) {
            if (p.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown priority \"" + id + "\": expected one of "
                + Arrays.stream(values()).map(Priority::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id();
    }
}
