package dev.tenantry.spi.event;

import java.util.Locale;

/** How urgent an event is. */
public enum Severity {
    /** For the record. */
    INFO,
    /** A limit is being approached (the warning fraction was reached). */
    WARNING,
    /** A limit is nearly or fully reached (the critical fraction), or something was killed. */
    CRITICAL;

    /** {@return the lower-case name used in the API} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
