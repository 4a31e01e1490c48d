package dev.tenantry.spi.billing;

import dev.tenantry.spi.TenantId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An invoice before totals: what {@link BillingRule}s see and change. Immutable; a rule returns a new draft.
 *
 * @param tenant the tenant
 * @param from start of the period, inclusive
 * @param to end of the period, exclusive
 * @param currency the invoice currency; every line is in it
 * @param lines the lines so far
 */
public record InvoiceDraft(TenantId tenant, Instant from, Instant to, Currency currency, List<LineItem> lines) {
    /** Validates that nothing is null and every line is in the invoice currency. */
    public InvoiceDraft {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(currency, "currency");
        lines = List.copyOf(lines);
        for (LineItem line : lines) {
            if (!line.amount().currency().equals(currency)) {
                throw new IllegalArgumentException("line " + line.code() + " is in " + line.amount().currency()
                        + ", the invoice in " + currency);
            }
        }
    }

    /** {@return a copy with {@code line} appended} */
    public InvoiceDraft withLine(LineItem line) {
        List<LineItem> all = new ArrayList<>(lines);
        all.add(line);
        return new InvoiceDraft(tenant, from, to, currency, all);
    }

    /** {@return a copy with the given lines} */
    public InvoiceDraft withLines(List<LineItem> newLines) {
        return new InvoiceDraft(tenant, from, to, currency, newLines);
    }

    /** {@return the sum of the lines} */
    public Money subtotal() {
        Money sum = Money.zero(currency);
        for (LineItem line : lines) {
            sum = sum.plus(line.amount());
        }
        return sum;
    }
}
