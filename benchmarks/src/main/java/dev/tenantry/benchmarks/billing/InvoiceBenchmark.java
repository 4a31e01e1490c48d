package dev.tenantry.benchmarks.billing;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.UsageReader;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Invoices a month for every tenant, the way a month-end billing run does: one {@code summarizeAll} for the
 * month, then one invoice per tenant on the {@code rules} engine with the default plans; tenants that changed
 * tier mid-month have their two spans read with {@code summarize}. One operation is the whole run.
 *
 * <p>{@code store=memory} (the default) reads a store in memory filled with a generated month (one summary per
 * tenant and day). {@code store=<name>} instead creates the metering provider of that name found by
 * {@link ServiceLoader}, configured from system properties {@code tenantry.bench.metering.<key>} (passed with
 * {@code -jvmArgsAppend}), and with {@code seed=true} first records a generated month through it. See
 * {@code docs/billing.md} for the commands.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InvoiceBenchmark {
    private static final String METERING_PROPERTY_PREFIX = "tenantry.bench.metering.";

    @Param("10000")
    int tenants;

    @Param("memory")
    String store;

    @Param("false")
    boolean seed;

    @Param("2")
    int eventsPerTenantDay;

    private MonthOfUsage month;
    private UsageStore usageStore;
    private BillingEngine engine;
    private BenchmarkContext meteringContext;
    private BenchmarkContext billingContext;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        month = new MonthOfUsage(tenants, Instant.parse("2026-10-01T00:00:00Z"));
        Path data = Files.createTempDirectory("tenantry-bench");
        Clock clock = Clock.fixed(month.to(), ZoneOffset.UTC);
        if (store.equals("memory")) {
            InMemoryUsageStore memory = new InMemoryUsageStore();
            month.fill(memory);
            usageStore = memory;
        } else {
            meteringContext = new BenchmarkContext(PluginConfig.of("metering", meteringConfig()), clock, data);
            usageStore = ServiceLoader.load(MeteringProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(p -> p.name().equals(store)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no metering provider named " + store))
                    .create(meteringContext);
            if (seed) {
                month.record(usageStore, eventsPerTenantDay);
            }
        }
        billingContext = new BenchmarkContext(PluginConfig.empty("billing"), clock, data);
        engine = ServiceLoader.load(BillingProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("rules")).findFirst().orElseThrow().create(billingContext);
    }

    private static Map<String, String> meteringConfig() {
        Map<String, String> values = new TreeMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(METERING_PROPERTY_PREFIX)) {
                values.put(key.substring(METERING_PROPERTY_PREFIX.length()), v.toString());
            }
        });
        return values;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        engine.close();
        billingContext.close();
        usageStore.close();
        if (meteringContext != null) {
            meteringContext.close();
        }
    }

    /** Invoices every tenant for the month; returns how many invoices were made. */
    @Benchmark
    public int invoiceMonth(Blackhole blackhole) {
        Instant from = month.from();
        Instant to = month.to();
        List<UsageSummary> all = usageStore.summarizeAll(from, to);
        Map<TenantId, UsageSummary> byTenant = new HashMap<>(all.size() * 2);
        for (UsageSummary summary : all) {
            byTenant.put(summary.tenant(), summary);
        }
        UsageReader reader = (tenant, f, t) -> f.equals(from) && t.equals(to)
                ? byTenant.getOrDefault(tenant, UsageSummary.empty(tenant, f, t))
                : usageStore.summarize(tenant, f, t);
        int invoices = 0;
        for (int i = 0; i < tenants; i++) {
            TenantId tenant = MonthOfUsage.tenant(i);
            blackhole.consume(engine.invoice(new InvoiceRequest(tenant, from, to, month.spans(i), reader)));
            invoices++;
        }
        return invoices;
    }

    /**
     * The same run in a fresh JVM without warm-up, as a month-end job meets it: class loading, plan parsing
     * excluded (done at engine creation) and the JIT compiling as it goes. One run per fork.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
    public int invoiceMonthCold(Blackhole blackhole) {
        return invoiceMonth(blackhole);
    }
}
