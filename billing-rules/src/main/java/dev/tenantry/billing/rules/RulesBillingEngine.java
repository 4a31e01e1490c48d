package dev.tenantry.billing.rules;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingException;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.billing.UsageReader;
import dev.tenantry.spi.metering.Meter;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices usage by a {@link PlanCatalog}. For each tier span of the request it reads the span's usage and prices
 * it on the span's plan: the base fee prorated by {@link Proration#monthShare}, then one line per priced meter
 * with the allowance prorated the same way. Custom rules then run in their order; then percentage discounts and
 * the minimum charge give the total.
 *
 * <p>Rounding: each line is rounded once, half-even, to the currency's minor units; tier breakdowns stay exact.
 * Discounts and the minimum charge are each rounded once, half-even.
 *
 * <p>Thread-safe and deterministic: it holds only immutable plans and the platform's rules.
 */
final class RulesBillingEngine implements BillingEngine {
    private static final Logger LOG = LoggerFactory.getLogger(RulesBillingEngine.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final PlanCatalog catalog;
    private final BillingRules rules;
    private final double nearLimitFraction;

    RulesBillingEngine(PlanCatalog catalog, BillingRules rules, double nearLimitFraction) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.nearLimitFraction = nearLimitFraction;
    }

    PlanCatalog catalog() {
        return catalog;
    }

    @Override
    public Invoice invoice(InvoiceRequest request) {
        List<PricePlan> plans = request.tiers().stream().map(span -> plan(span.tier())).toList();
        Currency currency = catalog.currency();
        List<LineItem> lines = new ArrayList<>();
        UsageSummary total = UsageSummary.empty(request.tenant(), request.from(), request.to());
        BigDecimal minimum = BigDecimal.ZERO;
        // Sum over spans of (span nanos x percent); divided once by the period's nanos so that the discount is
        // the time-weighted percentage of the spans' plans.
        BigDecimal weightedPercent = BigDecimal.ZERO;
        for (int i = 0; i < plans.size(); i++) {
            TierSpan span = request.tiers().get(i);
            PricePlan plan = plans.get(i);
            UsageSummary usage = read(request.usage(), request.tenant(), span.from(), span.to());
            total = total.plus(usage);
            BigDecimal share = Proration.monthShare(span.from(), span.to());
            String when = span.tier().id() + ", " + span.from() + " to " + span.to();
            if (plan.baseFee().signum() > 0) {
                lines.add(new LineItem("base_fee", "Base fee (" + when + ")", Proration.tidy(share), BigDecimal.ZERO,
                        Optional.of(plan.baseFee()), List.of(),
                        Money.rounded(plan.baseFee().multiply(share), currency)));
            }
            for (Map.Entry<Meter, MeterPrice> priced : plan.meters().entrySet()) {
                lines.add(meterLine(priced.getKey(), priced.getValue(), usage.quantity(priced.getKey()), share, when,
                        currency));
            }
            minimum = minimum.add(plan.minimumCharge().multiply(share));
            BigDecimal nanos = BigDecimal.valueOf(Duration.between(span.from(), span.to()).toNanos());
            weightedPercent = weightedPercent.add(nanos.multiply(plan.discountPercent()));
        }
        InvoiceDraft draft = applyRules(new InvoiceDraft(request.tenant(), request.from(), request.to(), currency,
                lines), total);
        Money subtotal = draft.subtotal();
        Money discounts = Money.zero(currency);
        if (subtotal.amount().signum() > 0 && weightedPercent.signum() > 0) {
            BigDecimal periodNanos = BigDecimal.valueOf(Duration.between(request.from(), request.to()).toNanos());
            BigDecimal fraction = weightedPercent.divide(periodNanos.multiply(HUNDRED), MathContext.DECIMAL128);
            discounts = Money.rounded(subtotal.amount().multiply(fraction), currency);
        }
        Money net = subtotal.minus(discounts);
        // The minimum charge also keeps the total from going below zero when rules add credits.
        Money floor = Money.rounded(minimum, currency);
        Money topUp = net.compareTo(floor) < 0 ? floor.minus(net) : Money.zero(currency);
        Invoice invoice = new Invoice(request.tenant(), request.from(), request.to(), currency, draft.lines(),
                subtotal, discounts, topUp, net.plus(topUp));
        LOG.debug("invoiced tenant {} for {} to {}: {}", request.tenant(), request.from(), request.to(),
                invoice.total());
        return invoice;
    }

    private static LineItem meterLine(Meter meter, MeterPrice price, BigDecimal quantity, BigDecimal share,
                                      String when, Currency currency) {
        BigDecimal allowance = price.freeUnits().multiply(share);
        BigDecimal free = quantity.min(allowance);
        MeterPrice.Charge charge = price.charge(quantity.subtract(free));
        String detail = charge.detail().isEmpty() ? "" : ", " + charge.detail();
        return new LineItem(meter.wireName(), MeterNames.describe(meter) + " (" + when + detail + ")",
                Proration.tidy(quantity), Proration.tidy(free), charge.unitPrice(), charge.tiers(),
                Money.rounded(charge.amount(), currency));
    }

    private InvoiceDraft applyRules(InvoiceDraft draft, UsageSummary usage) {
        InvoiceDraft current = draft;
        for (BillingRule rule : rules.rules()) {
            InvoiceDraft next;
            try {
                next = rule.apply(current, usage);
            } catch (RuntimeException e) {
                throw new BillingException("billing rule '" + rule.name() + "' failed for tenant " + draft.tenant()
                        + ": " + e.getMessage(), e);
            }
            if (next == null || !next.tenant().equals(draft.tenant()) || !next.from().equals(draft.from())
                    || !next.to().equals(draft.to()) || !next.currency().equals(draft.currency())) {
                throw new BillingException("billing rule '" + rule.name() + "' returned "
                        + (next == null ? "no draft" : "a draft for another tenant, period or currency")
                        + " for tenant " + draft.tenant(), null);
            }
            current = next;
        }
        return current;
    }

    private PricePlan plan(Tier tier) {
        return catalog.plan(tier).orElseThrow(() -> new BillingException("no price plan for tier " + tier
                + " in " + catalog.source() + "; plans exist for " + catalog.plans().keySet(), null));
    }

    private static UsageSummary read(UsageReader reader, TenantId tenant, Instant from, Instant to) {
        UsageSummary usage = reader.usage(tenant, from, to);
        if (usage == null || !usage.tenant().equals(tenant)) {
            // Never price one tenant with another's usage, whatever the reader does.
            throw new BillingException("the usage reader returned " + (usage == null ? "nothing" : "another tenant's usage")
                    + " for tenant " + tenant, null);
        }
        return usage;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The forecast assumes usage continues at the average rate of {@code [soFar.from, soFar.to)}: the usage so
     * far is scaled to the remaining time and added to the last tier span, which is extended to
     * {@code periodEnd}; that usage is then priced like an invoice, so graduated tiers, allowances and minimums
     * apply to the forecast as they will to the real invoice.
     *
     * @throws IllegalArgumentException if {@code periodEnd} is before the end of {@code soFar}
     */
    @Override
    public CostEstimate estimate(InvoiceRequest soFar, Instant periodEnd) {
        if (periodEnd.isBefore(soFar.to())) {
            throw new IllegalArgumentException("the period cannot end (" + periodEnd + ") before the estimate's end "
                    + soFar.to());
        }
        UsageReader memo = new MemoizingUsageReader(soFar.usage());
        InvoiceRequest measured = new InvoiceRequest(soFar.tenant(), soFar.from(), soFar.to(), soFar.tiers(), memo);
        Invoice current = invoice(measured);
        Money forecast = current.total();
        if (periodEnd.isAfter(soFar.to())) {
            List<TierSpan> spans = new ArrayList<>(soFar.tiers());
            TierSpan last = spans.removeLast();
            TierSpan extended = new TierSpan(last.tier(), last.from(), periodEnd);
            spans.add(extended);
            UsageSummary elapsedUsage = soFar.tiers().stream()
                    .map(span -> memo.usage(soFar.tenant(), span.from(), span.to()))
                    .reduce(UsageSummary::plus).orElseThrow();
            UsageSummary remaining = UsageScaling.scale(elapsedUsage, soFar.to(), periodEnd,
                    Duration.between(soFar.to(), periodEnd).toNanos(),
                    Duration.between(soFar.from(), soFar.to()).toNanos());
            UsageReader projected = (tenant, from, to) -> from.equals(extended.from()) && to.equals(extended.to())
                    ? UsageScaling.add(memo.usage(tenant, last.from(), last.to()), remaining)
                    : memo.usage(tenant, from, to);
            forecast = invoice(new InvoiceRequest(soFar.tenant(), soFar.from(), periodEnd, spans, projected)).total();
        }
        return new CostEstimate(soFar.tenant(), soFar.from(), soFar.to(), periodEnd, current.total(), forecast);
    }

    @Override
    public List<TierRecommendation> recommend(TenantConfig tenant, InvoiceRequest period) {
        if (!tenant.id().equals(period.tenant())) {
            throw new IllegalArgumentException("the request is for tenant " + period.tenant() + ", not " + tenant.id());
        }
        UsageSummary usage = period.tiers().stream()
                .map(span -> read(period.usage(), period.tenant(), span.from(), span.to()))
                .reduce(UsageSummary::plus).orElseThrow();
        return new TierAdvisor(catalog, nearLimitFraction, tier -> costOn(tier, period, usage))
                .recommend(tenant, period.from(), period.to(), usage);
    }

    /** {@return the total of {@code usage} over the whole period priced on {@code tier}'s plan} */
    private Money costOn(Tier tier, InvoiceRequest period, UsageSummary usage) {
        InvoiceRequest single = new InvoiceRequest(period.tenant(), period.from(), period.to(),
                List.of(new TierSpan(tier, period.from(), period.to())), (t, from, to) -> usage);
        return invoice(single).total();
    }
}
