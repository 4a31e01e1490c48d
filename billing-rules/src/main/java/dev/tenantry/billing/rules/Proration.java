package dev.tenantry.billing.rules;

import dev.tenantry.spi.metering.Granularity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * How much of a month a stretch of time is. Plans state fees, allowances and minimum charges per calendar month
 * (UTC); a stretch pays for each month it touches in proportion to the time it covers of that month, so a whole
 * month is exactly 1, the first half of November (15 of 30 days) exactly 0.5, and a stretch from 16 November to
 * 16 December is 15/30 + 15/31.
 */
final class Proration {
    /** Fraction digits of a month share: far below a minor unit for any fee a plan can state. */
    static final int SHARE_SCALE = 12;

    private Proration() {
    }

    /** {@return the months {@code [from, to)} covers, at {@link #SHARE_SCALE} fraction digits, rounded half-even} */
    static BigDecimal monthShare(Instant from, Instant to) {
        BigDecimal share = BigDecimal.ZERO;
        Instant monthStart = Granularity.MONTH.bucketStart(from);
        while (monthStart.isBefore(to)) {
            Instant monthEnd = Granularity.MONTH.next(monthStart);
            Instant start = from.isAfter(monthStart) ? from : monthStart;
            Instant end = to.isBefore(monthEnd) ? to : monthEnd;
            BigDecimal covered = BigDecimal.valueOf(Duration.between(start, end).toNanos());
            BigDecimal month = BigDecimal.valueOf(Duration.between(monthStart, monthEnd).toNanos());
            share = share.add(covered.divide(month, SHARE_SCALE, RoundingMode.HALF_EVEN));
            monthStart = monthEnd;
        }
        return share;
    }

    /** {@return {@code value} without trailing zeros and never in exponent form} */
    static BigDecimal tidy(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
