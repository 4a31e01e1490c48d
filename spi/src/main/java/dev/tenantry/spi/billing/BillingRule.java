package dev.tenantry.spi.billing;

import dev.tenantry.spi.metering.UsageSummary;

/**
 * A custom rule that sees the draft invoice and the usage and may add or adjust lines, for example a volume
 * discount for one customer. Rules run after the plan has priced the usage and before discounts and the
 * minimum charge, in ascending {@link #order()} and then by {@link #name()}. A rule that throws fails the
 * invoice, and the failure names the rule.
 *
 * <p>Thread-safe and side-effect free: the same draft and usage give the same result.
 */
public interface BillingRule extends AutoCloseable {

    /** {@return the rule's stable name, used in errors and in configuration} */
    String name();

    /** {@return where the rule runs among others; lower runs first} */
    default int order() {
        return 0;
    }

    /**
     * Adjusts a draft.
     *
     * @param draft the invoice so far
     * @param usage the tenant's usage in the invoice period
     * @return the adjusted draft (or {@code draft} unchanged)
     */
    InvoiceDraft apply(InvoiceDraft draft, UsageSummary usage);

    @Override
    default void close() {
    }
}
