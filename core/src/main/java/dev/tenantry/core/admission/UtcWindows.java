package dev.tenantry.core.admission;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The UTC calendar windows daily and monthly limits count in. */
final class UtcWindows {
    private UtcWindows() {
    }

    static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant dayEnd(Instant now) {
        return dayStart(now).plusSeconds(86_400);
    }

    static String dayLabel(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
    }

    static Instant monthStart(Instant now) {
        return YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant monthEnd(Instant now) {
        return YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)).plusMonths(1).atDay(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static String monthLabel(Instant now) {
        return YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC)).toString();
    }
}
