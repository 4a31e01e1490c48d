package dev.tenantry.server;

import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.tenant.Tier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The server's Prometheus metrics: executions by outcome and tier, per-tier CPU and wall time, executions
 * in flight (queued or running, as submitted through this server), the scheduler's queue depth, limit rejections by limit type and
 * worker kills. One registry per server. Thread-safe.
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    /**
     * The counters one finished execution adds to, by outcome and tier, looked up once: building and
     * registering them per execution (a meter id, sorted tags and a registry lookup, three times) showed in
     * the profile of the execution route.
     */
    private final Map<OutcomeAndTier, FinishedCounters> finishedCounters = new ConcurrentHashMap<>();

    private record OutcomeAndTier(String outcome, Tier tier) {
    }

    private record FinishedCounters(Counter executions, Counter cpuSeconds, Counter wallSeconds) {
    }

    /**
     * Registers the gauges.
     *
     * @param workers how many executions the platform runs at once
     * @param queueDepth how many admitted executions wait in the scheduler's queue, read at each scrape
     */
    public ServerMetrics(int workers, IntSupplier queueDepth) {
        // A supplier gauge holds its supplier strongly; a gauge on an object would hold it weakly, and a
        // method reference nobody else keeps would be collected (the gauge then reads NaN).
        Gauge.builder("tenantry.queue.depth", queueDepth::getAsInt)
                .description("executions admitted and waiting in the scheduler's queue, all tenants together")
                .register(registry);
        Gauge.builder("tenantry.executions.in.flight", inFlight, AtomicInteger::get)
                .description("executions accepted by this server and not finished: queued or running")
                .register(registry);
        Gauge.builder("tenantry.workers", () -> workers).description("executions the platform runs at once")
                .register(registry);
    }

    /** Counts an execution accepted by the platform. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** Counts an execution that ended, with its usage under its tenant's tier. */
    public void finished(ExecutionResult r, Tier tier) {
        inFlight.decrementAndGet();
        FinishedCounters c = finishedCounters.computeIfAbsent(new OutcomeAndTier(r.outcome().status(), tier),
                k -> new FinishedCounters(
                        Counter.builder("tenantry.executions").tag("outcome", k.outcome()).tag("tier", k.tier().id())
                                .register(registry),
                        Counter.builder("tenantry.usage.cpu.seconds").tag("tier", k.tier().id()).register(registry),
                        Counter.builder("tenantry.usage.wall.seconds").tag("tier", k.tier().id()).register(registry)));
        c.executions().increment();
        c.cpuSeconds().increment(r.usage().cpuNanos() / 1e9);
        c.wallSeconds().increment(r.usage().wallNanos() / 1e9);
    }

    /** Counts an accepted execution that failed without a result. */
    public void abandoned() {
        inFlight.decrementAndGet();
    }

    /** Counts what the events say: rejections and worker kills. */
    public void observe(PlatformEvent e) {
        switch (e) {
            case PlatformEvent.LimitRejected r -> Counter.builder("tenantry.rejections")
                    .tag("limit_type", r.rejection().limitType().wireName()).register(registry).increment();
            case PlatformEvent.WorkerKilled k -> Counter.builder("tenantry.worker.kills")
                    .tag("reason", k.reason().wireName()).register(registry).increment();
            default -> {
            }
        }
    }

    /** {@return the metrics in the Prometheus text format} */
    public String scrape() {
        return registry.scrape();
    }
}
