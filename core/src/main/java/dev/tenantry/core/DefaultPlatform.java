package dev.tenantry.core;

import com.google.inject.Inject;
import dev.tenantry.core.admission.DynamicLimitPolicy;
import dev.tenantry.core.admission.DynamicLimitSettings;
import dev.tenantry.core.config.PlatformSettings;
import dev.tenantry.core.events.EventBus;
import dev.tenantry.core.events.PlatformEvents;
import dev.tenantry.core.pipeline.ExecutionPipeline;
import dev.tenantry.core.plugins.SharedResources;
import dev.tenantry.core.tenants.TenantData;
import dev.tenantry.core.tenants.TenantRegistry;
import dev.tenantry.core.transfer.TenantTransfer;
import dev.tenantry.core.transfer.TransferReport;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.InvoiceRequest;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.billing.TierSpan;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.quota.LimitConsumption;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The platform as wired by {@link PlatformModule}. */
final class DefaultPlatform implements Platform {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultPlatform.class);
    /** A tenant id no tenant has (ids are lower-case), asked about so that a probe reads nothing real. */
    private static final TenantId READINESS_PROBE = TenantId.of("readiness-probe");
    /**
     * Long enough for a first query on a cold pool of a busy machine (about 2 s measured on a loaded 2-core
     * host), short enough for an orchestrator's readiness probe.
     */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final ExecutionPipeline pipeline;
    private final TenantRegistry tenants;
    private final TenantStore tenantStore;
    private final UsageStore usage;
    private final Optional<BillingEngine> billing;
    private final QuotaPolicy quotas;
    private final Sandbox sandbox;
    private final EventBus events;
    private final CreatedServices services;
    private final SharedResources shared;
    private final Map<String, String> providers;
    private final Duration shutdownTimeout;
    private final Clock clock;
    private final DynamicLimitPolicy dynamicLimits;
    private final DynamicLimitSettings dynamicLimitSettings;
    private Optional<ScheduledExecutorService> adjuster = Optional.empty();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TenantDataStore dataStore;
    private final TenantData data;
    private final TenantTransfer transfer;

    @Inject
    DefaultPlatform(ExecutionPipeline pipeline, TenantRegistry tenants, TenantStore tenantStore, UsageStore usage,
                    Optional<BillingEngine> billing, QuotaPolicy quotas, Sandbox sandbox, EventBus events,
                    CreatedServices services, SharedResources shared, Selection selection, PlatformSettings settings,
                    Clock clock, DynamicLimitPolicy dynamicLimits, DynamicLimitSettings dynamicLimitSettings,
                    TenantDataStore dataStore, TenantData data, TenantTransfer transfer) {
        this.dataStore = dataStore;
        this.data = data;
        this.transfer = transfer;
        this.pipeline = pipeline;
        this.tenants = tenants;
        this.tenantStore = tenantStore;
        this.usage = usage;
        this.billing = billing;
        this.quotas = quotas;
        this.sandbox = sandbox;
        this.events = events;
        this.services = services;
        this.shared = shared;
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(selection.describe()));
        this.shutdownTimeout = settings.shutdownTimeout();
        this.clock = clock;
        this.dynamicLimits = dynamicLimits;
        this.dynamicLimitSettings = dynamicLimitSettings;
    }

    @Override
    public ExecutionResult execute(TenantId tenant, ExecutionRequest request) {
        CompletableFuture<ExecutionResult> future = submit(tenant, request);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the execution", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("the execution was cancelled", e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        Throwable c = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RuntimeException re) {
            return re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(c);
    }

    @Override
    public CompletableFuture<ExecutionResult> submit(TenantId tenant, ExecutionRequest request) {
        return pipeline.submit(tenant, request);
    }

    @Override
    public Submission start(TenantId tenant, ExecutionRequest request) {
        return pipeline.start(tenant, request);
    }

    @Override
    public TenantRegistry tenants() {
        return tenants;
    }

    @Override
    public UsageSummary usage(TenantId tenant, Instant from, Instant to) {
        return usage.summarize(tenant, from, to);
    }

    @Override
    public List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to) {
        return usage.usage(tenant, granularity, from, to);
    }

    @Override
    public Invoice invoice(TenantId tenant, YearMonth month) {
        return invoice(tenant, start(month), start(month.plusMonths(1)));
    }

    @Override
    public Invoice invoice(TenantId tenant, Instant from, Instant to) {
        return billing().invoice(request(tenants.get(tenant), from, to));
    }

    @Override
    public CostEstimate estimate(TenantId tenant) {
        TenantConfig config = tenants.get(tenant);
        BillingEngine engine = billing();
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        Instant from = start(month);
        // A period must end after it starts: at the very first instant of a month, price its first nanosecond.
        Instant soFar = now.isAfter(from) ? now : from.plusNanos(1);
        return engine.estimate(request(config, from, soFar), start(month.plusMonths(1)));
    }

    @Override
    public List<TierRecommendation> recommendations(TenantId tenant, YearMonth month) {
        TenantConfig config = tenants.get(tenant);
        return billing().recommend(config, request(config, start(month), start(month.plusMonths(1))));
    }

    private InvoiceRequest request(TenantConfig tenant, Instant from, Instant to) {
        List<TierSpan> spans = tierSpans(tenant, tenantStore.tierChanges(tenant.id()), from, to);
        return new InvoiceRequest(tenant.id(), from, to, spans, usage::summarize);
    }

    private BillingEngine billing() {
        return billing.orElseThrow(() -> new IllegalStateException(
                "no billing provider is installed; add one (such as the dev.tenantry.billing.rules module)"
                        + " to the module path"));
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    /** The tiers a tenant was on over {@code [from, to)}, from its tier history. */
    static List<TierSpan> tierSpans(TenantConfig tenant, List<TierChange> changes, Instant from, Instant to) {
        Tier tier = tenant.tier();
        // The tier at `from`: after the last change at or before it, else before the first change after it.
        Optional<TierChange> lastBefore = changes.stream().filter(c -> !c.at().isAfter(from)).reduce((a, b) -> b);
        Optional<TierChange> firstAfter = changes.stream().filter(c -> c.at().isAfter(from)).findFirst();
        if (lastBefore.isPresent()) {
            tier = lastBefore.get().to();
        } else if (firstAfter.isPresent()) {
            tier = firstAfter.get().from();
        }
        List<TierSpan> spans = new ArrayList<>();
        Instant cursor = from;
        for (TierChange c : changes) {
            if (c.at().isAfter(from) && c.at().isBefore(to)) {
                if (c.at().isAfter(cursor)) {
                    spans.add(new TierSpan(tier, cursor, c.at()));
                    cursor = c.at();
                }
                tier = c.to();
            }
        }
        spans.add(new TierSpan(tier, cursor, to));
        return spans;
    }

    /** Starts the threads: the pipeline's, and the dynamic limit policy's if it is on. Called once, after wiring. */
    synchronized void start() {
        pipeline.start();
        if (dynamicLimitSettings.enabled()) {
            adjuster = Optional.of(startAdjusting());
        }
    }

    /** Runs the dynamic limit policy every interval on one thread, so two runs never overlap. */
    private ScheduledExecutorService startAdjusting() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenantry-dynamic-limits");
            t.setDaemon(true);
            return t;
        });
        long every = dynamicLimitSettings.interval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                dynamicLimits.adjustAll();
            } catch (RuntimeException e) {
                LOG.warn("the dynamic limit policy failed; it runs again in {} ms", every, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        LOG.info("dynamic limits adjusted every {} ms", every);
        return executor;
    }

    @Override
    public List<PlatformEvent.LimitChanged> adjustLimits() {
        if (!dynamicLimitSettings.enabled()) {
            throw new IllegalStateException("dynamic limits are off; turn them on with dynamic-limits.enabled: true");
        }
        synchronized (dynamicLimits) {
            return dynamicLimits.adjustAll();
        }
    }

    @Override
    public List<LimitConsumption> consumption(TenantId tenant) {
        return quotas.consumption(tenants.get(tenant));
    }

    @Override
    public PlatformEvents events() {
        return events;
    }

    @Override
    public Map<String, String> providers() {
        return providers;
    }

    @Override
    public int workers() {
        return pipeline.workers();
    }

    @Override
    public int queueDepth() {
        return pipeline.queueDepth();
    }

    @Override
    public Readiness readiness() {
        Instant now = clock.instant();
        // Asked at once, each on its own thread, so a hung database costs one timeout, not one per store.
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        Probe tenantsProbe = Probe.ask("tenant-store", () -> tenantStore.list(Optional.empty(), 1));
        Probe dataProbe = Probe.ask("data-store", () -> dataStore.usage(READINESS_PROBE));
        Probe usageProbe = Probe.ask("usage-store", () -> {
            if (!usage.available()) {
                throw new IllegalStateException("the usage store reports that it cannot record now");
            }
            return usage.summarize(READINESS_PROBE, now.minusSeconds(1), now);
        });
        return new Readiness(List.of(tenantsProbe.await(deadline), dataProbe.await(deadline), usageProbe.await(deadline),
                pipeline.workersReady()
                        ? new Readiness.Check("workers", true, pipeline.workers() + " workers take work")
                        : new Readiness.Check("workers", false, "the workers do not take work (stopped)")));
    }

    /** One store question running on a virtual thread, answered within a deadline or reported as down. */
    private record Probe(String part, long startNanos, CompletableFuture<Object> answer) {
        static Probe ask(String part, Supplier<?> question) {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            Thread.ofVirtual().name("tenantry-readiness-" + part).start(() -> {
                try {
                    answer.complete(question.get());
                } catch (Throwable t) {
                    answer.completeExceptionally(t);
                }
            });
            return new Probe(part, System.nanoTime(), answer);
        }

        Readiness.Check await(long deadlineNanos) {
            try {
                answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                return new Readiness.Check(part, true,
                        "answered in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Readiness.Check(part, false, "interrupted while waiting for an answer");
            } catch (TimeoutException e) {
                return new Readiness.Check(part, false, "no answer within " + PROBE_TIMEOUT.toMillis() + " ms");
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                LOG.warn("readiness: {} failed", part, c);
                return new Readiness.Check(part, false, c.getClass().getSimpleName() + ": " + c.getMessage());
            }
        }
    }

    @Override
    public TenantData data() {
        return data;
    }

    @Override
    public TransferReport exportTenant(TenantId tenant, OutputStream out) throws IOException {
        return transfer.exportTenant(tenant, out);
    }

    @Override
    public TransferReport importTenant(InputStream in) throws IOException {
        return transfer.importTenant(in);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("shutting down: draining queued and running executions for up to {} ms", shutdownTimeout.toMillis());
        synchronized (this) {
            adjuster.ifPresent(ExecutorService::shutdownNow);
        }
        pipeline.close();
        // Closing the sandbox cancels whatever still runs after the drain, so the workers can end.
        sandbox.close();
        pipeline.awaitWorkers(Duration.ofSeconds(10));
        services.close();
        shared.close();
        events.close();
        LOG.info("shut down");
    }

}
