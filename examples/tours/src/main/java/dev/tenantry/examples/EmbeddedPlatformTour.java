package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.events.PlatformEvents;
import dev.tenantry.core.tenants.IssuedKey;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Tour 5, the complete platform embedded in a plain Java program: one object built from configuration holds
 * tenants and API keys, admission, the scheduler, the sandbox workers, metering, billing and events. The program
 * creates tenants, authenticates a request by API key as a server would, runs work synchronously and
 * asynchronously, listens to events, reads usage and a cost estimate, and shuts the platform down.
 */
public final class EmbeddedPlatformTour {
    private EmbeddedPlatformTour() {
    }

    /** Runs the tour, printing to {@code out}, with the platform's data under {@code dataDir}. */
    public static void run(PrintStream out, Path dataDir) {
        List<PlatformEvent> events = new ArrayList<>();
        try (Platform platform = TourPlatform.start(dataDir, Map.of("TENANTRY_BILLING_PROVIDER", "rules"))) {
            out.println("Tour 5: the complete platform in one Java program. Providers:");
            platform.providers().forEach((point, provider) -> out.println("  " + point + ": " + provider));
            PlatformEvents.Subscription subscription = platform.events().subscribe(event -> {
                synchronized (events) {
                    events.add(event);
                }
            });

            platform.tenants().create(NewTenant.of("shop", "Shop GmbH", Tier.BUSINESS).withPriority(Priority.HIGH));
            platform.tenants().create(NewTenant.of("blog", "Blog", Tier.STARTER));
            IssuedKey key = platform.tenants().issueKey(TenantId.of("shop"));
            TenantId caller = platform.tenants().authenticate(key.key()).orElseThrow();
            out.println("a request with shop's API key " + key.keyId() + " authenticates as " + caller);

            ExecutionResult total = platform.execute(caller, ExecutionRequest.of(
                    "args.items.reduce((sum, item) => sum + item.price * item.qty, 0)")
                    .withArguments("{\"items\": [{\"price\": 12.5, \"qty\": 2}, {\"price\": 3, \"qty\": 5}]}"));
            out.println("shop computes an order total: " + TourPlatform.outcome(total));

            List<CompletableFuture<ExecutionResult>> later = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                later.add(platform.submit(TenantId.of("blog"), ExecutionRequest.of("'post ' + args.n")
                        .withArguments("{\"n\": " + i + "}")));
            }
            out.println("blog submitted 5 executions at once: " + later.stream().map(CompletableFuture::join)
                    .map(TourPlatform::outcome).toList());
            ExecutionResult broken = platform.execute(TenantId.of("blog"), ExecutionRequest.of("undefinedFunction()"));
            out.println("blog runs a broken script: " + TourPlatform.outcome(broken));
            try {
                platform.tenants().disable(TenantId.of("blog"));
                platform.execute(TenantId.of("blog"), ExecutionRequest.of("1"));
            } catch (LimitExceededException e) {
                out.println("blog, disabled, is refused: " + e.rejection().limitType().wireName());
            }

            CostEstimate estimate = platform.estimate(caller);
            out.println("shop's bill so far this month: " + estimate.soFar() + ", forecast " + estimate.forecast());
            subscription.close();
        }
        // closing the platform delivered every event published before it
        synchronized (events) {
            out.println(events.size() + " events: " + events.stream().map(e -> e.type() + " " + e.tenant()).toList());
        }
        out.println("platform closed: workers stopped, everything it created closed.");
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        Tours.main(new String[] {"5"});
    }
}
