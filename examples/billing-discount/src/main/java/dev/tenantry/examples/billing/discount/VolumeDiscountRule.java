package dev.tenantry.examples.billing.discount;

import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.InvoiceDraft;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.Money;
import dev.tenantry.spi.metering.UsageSummary;

import java.math.BigDecimal;

/**
 * Adds one negative line, {@code volume_discount}, to the invoice of the configured tenant when its executions
 * in the period reach {@link VolumeDiscountSettings#minExecutions()}: {@code percent} of the subtotal the plan
 * and earlier rules produced, rounded half-even to the currency's minor units. Every other invoice is returned
 * unchanged. Thread-safe and side-effect free.
 */
public final class VolumeDiscountRule implements BillingRule {

    /** The code of the line this rule adds. */
    public static final String LINE_CODE = "volume_discount";

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final VolumeDiscountSettings settings;

    /** @param settings the bound configuration */
    public VolumeDiscountRule(VolumeDiscountSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return VolumeDiscountRuleProvider.NAME;
    }

    @Override
    public InvoiceDraft apply(InvoiceDraft draft, UsageSummary usage) {
        if (!draft.tenant().equals(settings.tenant()) || usage.executions() < settings.minExecutions()) {
            return draft;
        }
        Money subtotal = draft.subtotal();
        if (subtotal.amount().signum() <= 0) {
            return draft;
        }
        Money off = Money.rounded(subtotal.amount().multiply(settings.percent()).divide(HUNDRED), draft.currency());
        if (off.amount().signum() == 0) {
            return draft;
        }
        return draft.withLine(LineItem.fixed(LINE_CODE, "volume discount " + settings.percent().toPlainString()
                + "% (" + usage.executions() + " executions, from " + settings.minExecutions() + ")",
                Money.zero(draft.currency()).minus(off)));
    }
}
