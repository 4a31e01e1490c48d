package dev.tenantry.billing.rules;

import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Judges a period's usage against limits and prices it on other tiers.
 *
 * <p>Two limits can be judged from aggregated usage: monthly executions (the limit prorated to the period's
 * length in months) and storage (the average bytes stored over the period, from the byte-hours). The tenant's own
 * limits come from its configuration; another tier's from its plan's {@link HeadlineLimits}, where a limit the
 * plan does not state counts as no limit.
 *
 * <ul>
 *   <li>{@code near_limit}: usage reached {@code fraction} of one of the tenant's limits; the suggestion is the
 *       lowest standard tier above the current one with a plan under whose limits the usage stays below the
 *       fraction, or else the highest standard tier with a plan.</li>
 *   <li>{@code cheaper}: among the other standard tiers with a plan under whose limits the usage stays below the
 *       fraction, the cheapest for the same usage, if it costs less than the current tier.</li>
 * </ul>
 * One per call; not thread-safe.
 */
final class TierAdvisor {
    private static final List<Tier> STANDARD = List.of(Tier.STARTER, Tier.PROFESSIONAL, Tier.BUSINESS, Tier.ENTERPRISE);
    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);

    private final PlanCatalog catalog;
    private final BigDecimal fraction;
    private final Function<Tier, Money> cost;
    private final Map<Tier, Money> costs = new EnumMap<>(Tier.class);

    TierAdvisor(PlanCatalog catalog, double fraction, Function<Tier, Money> cost) {
        this.catalog = catalog;
        this.fraction = BigDecimal.valueOf(fraction);
        this.cost = cost;
    }

    List<TierRecommendation> recommend(TenantConfig tenant, Instant from, Instant to, UsageSummary usage) {
        Tier current = tenant.tier();
        Money currentCost = costOf(current);
        BigDecimal months = Proration.monthShare(from, to);
        BigDecimal averageBytes = usage.storageByteHours().multiply(NANOS_PER_HOUR)
                .divide(BigDecimal.valueOf(Duration.between(from, to).toNanos()), MathContext.DECIMAL64);
        BigDecimal executions = BigDecimal.valueOf(usage.executions());
        List<TierRecommendation> recommendations = new ArrayList<>();

        List<String> passed = new ArrayList<>();
        TenantLimits limits = tenant.limits();
        long monthly = limits.requests().monthlyExecutions();
        if (monthly != Long.MAX_VALUE && executions.signum() > 0) {
            BigDecimal allowed = BigDecimal.valueOf(monthly).multiply(months);
            if (executions.compareTo(allowed.multiply(fraction)) >= 0) {
                passed.add("executions reached " + percent(executions, allowed) + " of the monthly limit ("
                        + usage.executions() + " of " + allowed.stripTrailingZeros().toPlainString()
                        + " for this period)");
            }
        }
        long storage = limits.storage().maxBytes();
        if (storage != Long.MAX_VALUE && averageBytes.signum() > 0) {
            BigDecimal allowed = BigDecimal.valueOf(storage);
            if (averageBytes.compareTo(allowed.multiply(fraction)) >= 0) {
                passed.add("stored data averaged " + percent(averageBytes, allowed) + " of the storage limit ("
                        + averageBytes.setScale(0, java.math.RoundingMode.HALF_EVEN).toPlainString() + " of "
                        + storage + " bytes)");
            }
        }
        if (!passed.isEmpty()) {
            upgrade(current, executions, months, averageBytes).ifPresent(next -> recommendations.add(
                    new TierRecommendation(current, next, "near_limit", String.join("; ", passed)
                            + "; tier " + next + " has room for this usage", currentCost, costOf(next))));
        }

        Tier cheapest = null;
        for (Tier tier : STANDARD) {
            if (tier == current || catalog.plan(tier).isEmpty()
                    || !fits(catalog.plan(tier).get().limits(), executions, months, averageBytes)) {
                continue;
            }
            if (cheapest == null || costOf(tier).compareTo(costOf(cheapest)) < 0) {
                cheapest = tier;
            }
        }
        if (cheapest != null && costOf(cheapest).compareTo(currentCost) < 0) {
            Money saving = currentCost.minus(costOf(cheapest));
            recommendations.add(new TierRecommendation(current, cheapest, "cheaper", "the same usage costs "
                    + costOf(cheapest) + " on " + cheapest + " instead of " + currentCost + " on " + current
                    + ", saving " + saving, currentCost, costOf(cheapest)));
        }
        return List.copyOf(recommendations);
    }

    private Optional<Tier> upgrade(Tier current, BigDecimal executions, BigDecimal months, BigDecimal averageBytes) {
        int index = STANDARD.indexOf(current);
        if (index < 0 || index == STANDARD.size() - 1) {
            // Custom and enterprise tenants have no standard tier above them.
            return Optional.empty();
        }
        Tier highest = null;
        for (Tier tier : STANDARD.subList(index + 1, STANDARD.size())) {
            Optional<PricePlan> plan = catalog.plan(tier);
            if (plan.isEmpty()) {
                continue;
            }
            if (fits(plan.get().limits(), executions, months, averageBytes)) {
                return Optional.of(tier);
            }
            highest = tier;
        }
        return Optional.ofNullable(highest);
    }

    private boolean fits(HeadlineLimits limits, BigDecimal executions, BigDecimal months, BigDecimal averageBytes) {
        boolean executionsFit = limits.monthlyExecutions().isEmpty() || executions.compareTo(
                BigDecimal.valueOf(limits.monthlyExecutions().getAsLong()).multiply(months).multiply(fraction)) < 0;
        boolean storageFits = limits.storageBytes().isEmpty() || averageBytes.compareTo(
                BigDecimal.valueOf(limits.storageBytes().getAsLong()).multiply(fraction)) < 0;
        return executionsFit && storageFits;
    }

    private Money costOf(Tier tier) {
        return costs.computeIfAbsent(tier, cost);
    }

    private static String percent(BigDecimal used, BigDecimal limit) {
        if (limit.signum() == 0) {
            return "100%";
        }
        return used.multiply(BigDecimal.valueOf(100)).divide(limit, 0, java.math.RoundingMode.HALF_EVEN)
                .toPlainString() + "%";
    }
}
