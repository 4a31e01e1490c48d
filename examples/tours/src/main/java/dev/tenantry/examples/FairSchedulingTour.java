package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tour 3, fair scheduling: one tenant floods the queue with 40 executions of 50 ms each, then three light
 * tenants submit two each. The {@code fair} scheduler lets the light tenants through at once instead of behind
 * the flood, and keeps the flood to its share of the workers; the tour prints every tenant's queue delays.
 */
public final class FairSchedulingTour {
    /** Executions the flooding tenant submits. */
    static final int FLOOD = 40;
    private static final String BUSY_50_MS = "const end = Date.now() + 50; while (Date.now() < end) {} 'done'";

    private FairSchedulingTour() {
    }

    /** Runs the tour, printing to {@code out}, with the platform's data under {@code dataDir}. */
    public static void run(PrintStream out, Path dataDir) {
        try (Platform platform = TourPlatform.start(dataDir, Map.of("TENANTRY_SCHEDULER_PROVIDER", "fair"))) {
            TenantId flood = TenantId.of("flood");
            platform.tenants().create(NewTenant.of("flood", "Flood Co", Tier.PROFESSIONAL));
            List<TenantId> light = List.of(TenantId.of("light-1"), TenantId.of("light-2"), TenantId.of("light-3"));
            for (TenantId t : light) {
                platform.tenants().create(NewTenant.of(t.value(), "Light " + t.value(), Tier.STARTER));
            }
            out.println("Tour 3: fair scheduling on " + platform.workers() + " workers ("
                    + platform.providers().get("scheduler") + "). flood submits " + FLOOD
                    + " executions of 50 ms, then light-1..3 submit 2 each.");

            // the first execution waits for the workers to start; the delays below are the scheduler's alone
            platform.execute(flood, ExecutionRequest.of("'ready'"));

            Map<TenantId, List<CompletableFuture<ExecutionResult>>> submitted = new LinkedHashMap<>();
            for (int i = 0; i < FLOOD; i++) {
                submitted.computeIfAbsent(flood, k -> new ArrayList<>())
                        .add(platform.submit(flood, ExecutionRequest.of(BUSY_50_MS)));
            }
            for (TenantId t : light) {
                for (int i = 0; i < 2; i++) {
                    submitted.computeIfAbsent(t, k -> new ArrayList<>())
                            .add(platform.submit(t, ExecutionRequest.of(BUSY_50_MS)));
                }
            }
            out.println("tenant    runs  queue delay: median    max");
            long lightMax = 0;
            long floodMax = 0;
            for (Map.Entry<TenantId, List<CompletableFuture<ExecutionResult>>> e : submitted.entrySet()) {
                List<Long> delays = e.getValue().stream().map(CompletableFuture::join)
                        .map(ExecutionResult::queueDelay).map(Duration::toMillis).sorted().toList();
                long max = delays.get(delays.size() - 1);
                out.printf("%-8s  %4d  %13d ms %6d ms%n", e.getKey().value(), delays.size(),
                        delays.get(delays.size() / 2), max);
                if (e.getKey().equals(flood)) {
                    floodMax = max;
                } else {
                    lightMax = Math.max(lightMax, max);
                }
            }
            out.println("longest wait of a light tenant: " + lightMax + " ms; of the flood: " + floodMax + " ms");
        }
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        Tours.main(new String[] {"3"});
    }
}
