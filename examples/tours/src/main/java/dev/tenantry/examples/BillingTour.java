package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Tour 4, usage tracking and billing: a tenant runs scripts that compute and use its key-value storage; every
 * execution is metered before its result returns; the tour prints the tenant's usage and then its invoice for
 * the month so far, priced by the {@code rules} billing provider's default plans.
 */
public final class BillingTour {
    /** Executions the tour runs. */
    static final int EXECUTIONS = 25;

    private BillingTour() {
    }

    /** Runs the tour, printing to {@code out}, with the platform's data under {@code dataDir}. */
    public static void run(PrintStream out, Path dataDir) {
        Clock clock = Clock.systemUTC();
        try (Platform platform = TourPlatform.start(dataDir, Map.of("TENANTRY_BILLING_PROVIDER", "rules"))) {
            TenantId acme = TenantId.of("acme");
            platform.tenants().create(NewTenant.of("acme", "ACME Corporation", Tier.PROFESSIONAL));
            out.println("Tour 4: usage and billing. acme (professional) runs " + EXECUTIONS + " executions.");
            for (int i = 0; i < EXECUTIONS; i++) {
                platform.execute(acme, ExecutionRequest.of("""
                        (async () => {
                          let s = 0;
                          for (let i = 0; i < 100000; i++) s += i % 7;
                          await kv.put('run-' + args.i, { sum: s });
                          return s;
                        })()""").withArguments("{\"i\": " + i + "}"));
            }

            Instant now = clock.instant();
            Instant from = now.truncatedTo(ChronoUnit.DAYS);
            UsageSummary u = platform.usage(acme, from, from.plus(1, ChronoUnit.DAYS));
            out.println("usage today: " + u.executions() + " executions, " + u.cpuNanos() / 1_000_000 + " ms CPU, "
                    + u.wallNanos() / 1_000_000 + " ms wall, " + u.memoryMbSeconds().toPlainString() + " MB-s, "
                    + u.apiCalls() + " API calls");

            YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
            Invoice invoice = platform.invoice(acme, month);
            out.println("invoice of acme for " + month + " so far (" + invoice.currency().getCurrencyCode() + "):");
            for (LineItem line : invoice.lines()) {
                out.printf("  %-22s %-60s %12s%n", line.code(), line.description(), line.amount());
            }
            out.println("  subtotal " + invoice.subtotal() + ", discounts " + invoice.discounts()
                    + ", minimum top-up " + invoice.minimumTopUp());
            out.println("  total " + invoice.total());
        }
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        Tours.main(new String[] {"4"});
    }
}
