package dev.tenantry.spi.metering;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The size of the UTC buckets usage is aggregated into. */
public enum Granularity {
    /** Whole UTC hours. */
    HOUR,
    /** UTC calendar days. */
    DAY,
    /** UTC calendar months. */
    MONTH;

    /** {@return the start of the bucket containing {@code instant}} */
    public Instant bucketStart(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> t.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> t.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
        };
    }

    /** {@return the start of the bucket after the one starting at {@code bucketStart}} */
    public Instant next(Instant bucketStart) {
        ZonedDateTime t = bucketStart.atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> t.plusHours(1).toInstant();
            case DAY -> t.plusDays(1).toInstant();
            case MONTH -> t.plusMonths(1).toInstant();
        };
    }

    /** {@return the lower-case name used in the API} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the granularity named {@code name}}, case-insensitive.
     *
     * @throws IllegalArgumentException if there is none by that name
     */
    public static Granularity parse(String name) {
        for (Granularity g : values()) {
            if (g.wireName().equalsIgnoreCase(name == null ? "" : name.strip())) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown granularity \"" + name + "\": expected hour, day or month");
    }
}
