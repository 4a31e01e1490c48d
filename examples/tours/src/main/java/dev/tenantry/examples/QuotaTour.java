package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tour 2, resource quotas per tenant: a tenant with a small rate limit is refused with a retry-after once its
 * burst is spent, and a script that would spin forever is stopped at its CPU-time limit, while a second tenant
 * on the same platform is unaffected.
 */
public final class QuotaTour {
    private QuotaTour() {
    }

    /** Runs the tour, printing to {@code out}, with the platform's data under {@code dataDir}. */
    public static void run(PrintStream out, Path dataDir) {
        try (Platform platform = TourPlatform.start(dataDir, Map.of())) {
            TenantId small = TenantId.of("small");
            TenantId other = TenantId.of("other");
            platform.tenants().create(NewTenant.of("small", "Small Ltd", Tier.STARTER).withOverrides(LimitOverrides.of(
                    "executions-per-minute", "6", "burst", "3", "cpu-time", "200ms", "statements", "1000000000")));
            platform.tenants().create(NewTenant.of("other", "Other Inc", Tier.STARTER));
            out.println("Tour 2: quotas. Tenant small may run 6 executions a minute plus a burst of 3,"
                    + " and 200 ms of CPU each.");

            // first the CPU limit, while the tenant still has tokens to spend
            ExecutionResult spin = platform.execute(small, ExecutionRequest.of("for (;;) {}"));
            out.println("small  spins forever: " + TourPlatform.outcome(spin) + " after " + spin.usage().cpuMillis()
                    + " ms of CPU");

            int admitted = 0;
            int rejected = 0;
            // the bucket holds the rate plus the burst: the tenant runs until it is empty, then is refused twice
            for (int i = 1; i <= 20 && rejected < 2; i++) {
                try {
                    ExecutionResult r = platform.execute(small, ExecutionRequest.of(i + " * 7"));
                    admitted++;
                    out.println("small  #" + i + ": ran, result " + TourPlatform.outcome(r));
                } catch (LimitExceededException e) {
                    rejected++;
                    LimitRejection why = e.rejection();
                    out.println("small  #" + i + ": rejected (" + why.limitType().wireName() + "), limit "
                            + why.limit() + ", retry after "
                            + why.retryAfter().map(d -> d.toMillis() + " ms").orElse("never"));
                }
            }
            out.println("rate: " + admitted + " admitted, " + rejected + " rejected");

            ExecutionResult fine = platform.execute(other, ExecutionRequest.of("'other is unaffected'"));
            out.println("other  meanwhile: " + TourPlatform.outcome(fine));
        }
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        Tours.main(new String[] {"2"});
    }
}
