package dev.tenantry.billing.rules;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Shared figures of the billing tests: November 2026 (30 days) and an engine from plan text. */
final class Fixtures {
    static final TenantId TENANT = TenantId.of("acme");
    static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant NOV_11 = Instant.parse("2026-11-11T00:00:00Z");
    static final Instant NOV_16 = Instant.parse("2026-11-16T00:00:00Z");
    static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    private Fixtures() {
    }

    static RulesBillingEngine engine(String yaml) {
        return new RulesBillingEngine(PlanCatalog.parse(yaml, "test plans"), BillingRules.none(), 0.8);
    }

    static UsageSummary executions(long executions, Instant from, Instant to) {
        return new UsageSummary(TENANT, from, to, executions, 0, 0, BigDecimal.ZERO, 0, 0, BigDecimal.ZERO);
    }

    /** {@return November on {@code tier} with {@code usage} for the whole month} */
    static InvoiceRequest november(Tier tier, UsageSummary usage) {
        return new InvoiceRequest(TENANT, NOV_1, DEC_1, List.of(new TierSpan(tier, NOV_1, DEC_1)),
                (tenant, from, to) -> usage);
    }

    static Invoice invoiceNovember(String yaml, Tier tier, UsageSummary usage) {
        return engine(yaml).invoice(november(tier, usage));
    }

    static LineItem line(Invoice invoice, String code) {
        return invoice.lines().stream().filter(l -> l.code().equals(code)).findFirst().orElseThrow();
    }

    static BigDecimal amount(String value) {
        return new BigDecimal(value);
    }
}
