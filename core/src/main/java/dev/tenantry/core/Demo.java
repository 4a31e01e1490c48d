package dev.tenantry.core;

import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.plugins.PluginLoadException;
import dev.tenantry.core.tenants.IssuedKey;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A console tour of the pipeline: builds a platform from configuration ({@code --config FILE}, plus
 * {@code TENANTRY_...} variables), creates two tenants, runs a few scripts of each through admission,
 * scheduling, isolation and metering, and prints what happened. Needs an isolation, a scheduler and a
 * quota provider on the module path.
 *
 * <pre>{@code java -p <modules> -m dev.tenantry.core/dev.tenantry.core.Demo [--config tenantry.yaml]}</pre>
 */
public final class Demo {
    private final PrintStream out;
    private final Clock clock;

    private Demo(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /**
     * Runs the tour.
     *
     * @param args {@code --config FILE} optionally
     */
    public static void main(String[] args) {
        Optional<Path> configFile = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        fail("--config needs a file");
                    }
                    configFile = Optional.of(Path.of(args[++i]));
                }
                case "-h", "--help" -> {
                    System.out.println("usage: Demo [--config FILE]");
                    return;
                }
                default -> fail("unknown argument \"" + args[i] + "\"; usage: Demo [--config FILE]");
            }
        }
        try {
            TenantryConfig config = TenantryConfig.load(configFile, System.getenv());
            Demo demo = new Demo(System.out, Clock.systemUTC());
            List<PlatformEvent> events = new ArrayList<>();
            try (Platform platform = Tenantry.builder().config(config).clock(demo.clock).build()) {
                platform.events().subscribe(event -> {
                    synchronized (events) {
                        events.add(event);
                    }
                });
                demo.tour(platform);
            }
            // Closing the platform delivered every event published before it.
            synchronized (events) {
                demo.out.println(events.size() + " events:");
                events.forEach(e -> demo.out.println("  " + e.type() + " " + e.tenant()
                        + " (" + e.severity().wireName() + ")"));
            }
        } catch (ConfigurationException e) {
            Optional<ConfigurationException.Problem> noIsolation = e.problems().stream()
                    .filter(p -> p.path().equals("isolation.provider")
                            && p.message().startsWith("no isolation provider found"))
                    .findFirst();
            fail(noIsolation.map(p -> "no isolation provider found: put an isolation module such as"
                    + " dev.tenantry.isolation.graaljs on the module path").orElse(e.getMessage()));
        } catch (PluginLoadException e) {
            fail(e.getMessage());
        }
    }

    private static void fail(String message) {
        System.err.println("tenantry: " + message);
        System.exit(2);
    }

    private void tour(Platform platform) {
        out.println("Tenantry demo: " + platform.workers() + " workers");
        platform.providers().forEach((point, provider) -> out.println("  " + point + ": " + provider));

        TenantId acme = ensure(platform, NewTenant.of("acme", "ACME Corporation", Tier.PROFESSIONAL));
        TenantId globex = ensure(platform, NewTenant.of("globex", "Globex", Tier.STARTER));
        IssuedKey key = platform.tenants().issueKey(acme);
        out.println("issued API key " + key.keyId() + " for acme; it authenticates as "
                + platform.tenants().authenticate(key.key()).map(TenantId::value).orElse("nobody"));

        run(platform, acme, ExecutionRequest.of("let s = 0; for (let i = 1; i <= args.n; i++) s += i; s")
                .withArguments("{\"n\": 100}"));
        run(platform, acme, ExecutionRequest.of("console.log('hello from acme'); ({ tenant: 'acme', ok: true })"));
        run(platform, globex, ExecutionRequest.of("throw new Error('globex fails on purpose')"));
        run(platform, globex, ExecutionRequest.of("while (true) {}"));

        Instant now = clock.instant();
        Instant from = now.truncatedTo(ChronoUnit.DAYS);
        Instant to = from.plus(1, ChronoUnit.DAYS);
        for (TenantId t : List.of(acme, globex)) {
            UsageSummary u = platform.usage(t, from, to);
            out.printf("usage of %s today: %d executions, %d ms CPU, %s MB-s%n", t, u.executions(),
                    u.cpuNanos() / 1_000_000, u.memoryMbSeconds().toPlainString());
        }
        try {
            var invoice = platform.invoice(acme, YearMonth.from(now.atZone(ZoneOffset.UTC)));
            out.println("invoice of acme this month so far: " + invoice.total());
        } catch (IllegalStateException e) {
            out.println("billing: " + e.getMessage());
        }
    }

    private TenantId ensure(Platform platform, NewTenant spec) {
        try {
            platform.tenants().create(spec);
            out.println("created tenant " + spec.id() + " (" + spec.tier() + ")");
        } catch (TenantAlreadyExistsException e) {
            out.println("tenant " + spec.id() + " exists already");
        }
        return spec.id();
    }

    private void run(Platform platform, TenantId tenant, ExecutionRequest request) {
        try {
            ExecutionResult r = platform.execute(tenant, request);
            String what = switch (r.outcome()) {
                case ExecutionOutcome.Succeeded s -> "succeeded: " + s.resultJson();
                case ExecutionOutcome.Failed f -> "failed (" + f.error().type().wireName() + "): " + f.error().message();
                case ExecutionOutcome.Cancelled c -> "cancelled (" + c.reason().wireName() + "): " + c.detail();
            };
            out.printf("%s: %s [cpu %d ms, wall %d ms, queued %d ms]%s%n", tenant, what, r.usage().cpuMillis(),
                    r.usage().wallMillis(), r.queueDelay().toMillis(),
                    r.console().isEmpty() ? "" : " console: " + r.console().strip());
        } catch (LimitExceededException e) {
            out.println(tenant + ": rejected (" + e.rejection().limitType().wireName() + "): " + e.getMessage());
        }
    }
}
