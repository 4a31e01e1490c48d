package dev.tenantry.billing.rules;

import dev.tenantry.spi.metering.UsageSummary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/** Linear projections of usage, for forecasts. Counts are rounded half-even and saturate rather than overflow. */
final class UsageScaling {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int EXACT_SCALE = 6;

    private UsageScaling() {
    }

    /** {@return {@code usage} times {@code numerator / denominator}, as usage over {@code [from, to)}} */
    static UsageSummary scale(UsageSummary usage, Instant from, Instant to, long numerator, long denominator) {
        BigDecimal num = BigDecimal.valueOf(numerator);
        BigDecimal den = BigDecimal.valueOf(denominator);
        return new UsageSummary(usage.tenant(), from, to,
                count(usage.executions(), num, den), count(usage.cpuNanos(), num, den),
                count(usage.wallNanos(), num, den),
                usage.memoryMbSeconds().multiply(num).divide(den, EXACT_SCALE, RoundingMode.HALF_EVEN),
                count(usage.apiCalls(), num, den), count(usage.allocatedBytes(), num, den),
                usage.storageByteHours().multiply(num).divide(den, EXACT_SCALE, RoundingMode.HALF_EVEN));
    }

    /** {@return the sum of two usages of one tenant, saturating at {@link Long#MAX_VALUE}} */
    static UsageSummary add(UsageSummary a, UsageSummary b) {
        Instant from = a.from().isBefore(b.from()) ? a.from() : b.from();
        Instant to = a.to().isAfter(b.to()) ? a.to() : b.to();
        return new UsageSummary(a.tenant(), from, to, sum(a.executions(), b.executions()),
                sum(a.cpuNanos(), b.cpuNanos()), sum(a.wallNanos(), b.wallNanos()),
                a.memoryMbSeconds().add(b.memoryMbSeconds()), sum(a.apiCalls(), b.apiCalls()),
                sum(a.allocatedBytes(), b.allocatedBytes()), a.storageByteHours().add(b.storageByteHours()));
    }

    private static long count(long value, BigDecimal num, BigDecimal den) {
        BigDecimal scaled = BigDecimal.valueOf(value).multiply(num).divide(den, 0, RoundingMode.HALF_EVEN);
        return scaled.compareTo(LONG_MAX) > 0 ? Long.MAX_VALUE : scaled.longValueExact();
    }

    private static long sum(long a, long b) {
        long s = a + b;
        return ((a ^ s) & (b ^ s)) < 0 ? Long.MAX_VALUE : s;
    }
}
