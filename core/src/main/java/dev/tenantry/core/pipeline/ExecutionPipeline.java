package dev.tenantry.core.pipeline;

import dev.tenantry.core.Submission;
import dev.tenantry.core.admission.StorageThresholds;
import dev.tenantry.core.config.PlatformSettings;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionError;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.quota.AdmissionDecision;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.quota.Permit;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The flow of one execution: tenant lookup, the metering availability check, admission, the scheduler
 * queue (through the {@link WorkerPool}), the sandbox with a host API bound to the tenant, usage recorded
 * durably, then the result. The pool runs {@code sandbox.parallelism()} workers.
 *
 * <p>Thread-safe. {@link #close()} stops accepting work, lets queued and running work finish within the
 * shutdown timeout, and cancels what is left with reason {@code shutdown}, refunding its admission.
 */
public final class ExecutionPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionPipeline.class);

    private final TenantStore tenants;
    private final TenantDataStore data;
    private final QuotaPolicy quotas;
    private final Sandbox sandbox;
    private final UsageStore usage;
    private final EventSink events;
    private final Clock clock;
    private final Duration shutdownTimeout;
    /**
     * How long an execution's result waits for its usage to be durable; past it the result is withheld. The
     * timeout completes the store's own future, which tells a store that has not begun writing the event to
     * drop it (the jdbc store does). A commit already under way may still succeed afterwards, so a withheld
     * execution can still be billed: its id is the usage event's.
     */
    private final Duration meteringWait;
    private final StorageThresholds thresholds;
    private final WorkerPool pool;

    /**
     * @param tenants where tenants are looked up
     * @param data the tenants' key-value data, reached by scripts through the host API
     * @param quotas admission
     * @param scheduler the queue; called by the worker pool under its lock only
     * @param sandbox runs the code; its parallelism is the number of workers
     * @param usage where usage is recorded before a result is returned
     * @param thresholds checks storage usage after each write the guest makes
     * @param events where events are published
     * @param clock the platform clock
     * @param settings the platform settings (shutdown timeout, metering wait)
     * @param weights the weight of each priority, put in every scheduled task
     */
    public ExecutionPipeline(TenantStore tenants, TenantDataStore data, QuotaPolicy quotas, Scheduler scheduler,
                             Sandbox sandbox, UsageStore usage, StorageThresholds thresholds, EventSink events,
                             Clock clock, PlatformSettings settings, TaskWeights weights) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.data = Objects.requireNonNull(data, "data");
        this.quotas = Objects.requireNonNull(quotas, "quotas");
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shutdownTimeout = settings.shutdownTimeout();
        this.meteringWait = settings.meteringWait();
        int workers = sandbox.parallelism();
        if (workers < 1) {
            throw new IllegalStateException("the sandbox reports a parallelism of " + workers + "; it must be at least 1");
        }
        this.pool = new WorkerPool(Objects.requireNonNull(scheduler, "scheduler"), workers, clock, this::run,
                Objects.requireNonNull(weights, "weights"));
    }

    /** Starts the workers and the deadline thread. Called once by the platform after wiring. */
    public void start() {
        pool.start();
        LOG.info("pipeline started with {} workers on {}", pool.size(), sandbox.runtimeDescription());
    }

    /** {@return how many executions run at once} */
    public int workers() {
        return pool.size();
    }

    /** {@return how many admitted executions wait in the scheduler's queue, all tenants together} */
    public int queueDepth() {
        return pool.queueDepth();
    }

    /** {@return whether the workers take and dispatch work} */
    public boolean workersReady() {
        return pool.ready();
    }

    /**
     * Submits an execution. The future fails with {@link TenantNotFoundException} for an unknown tenant,
     * {@link LimitExceededException} for a disabled tenant ({@code tenant_disabled}), a rejected admission or
     * a full queue ({@code queue_full}), {@link MeteringUnavailableException} if usage cannot be recorded
     * now (nothing runs then), and {@link IllegalStateException} after shutdown. Otherwise it completes with
     * the result, whatever the script did.
     */
    public CompletableFuture<ExecutionResult> submit(TenantId tenant, ExecutionRequest request) {
        return start(tenant, request).result();
    }

    /**
     * Submits an execution as {@link #submit} does and {@return its id with its future}: the id is chosen
     * before admission, and the result and the usage event carry it.
     */
    public Submission start(TenantId tenant, ExecutionRequest request) {
        ExecutionId executionId = ExecutionId.random();
        try {
            return new Submission(executionId, enqueue(executionId, Objects.requireNonNull(tenant, "tenant"),
                    Objects.requireNonNull(request, "request")));
        } catch (RuntimeException e) {
            return new Submission(executionId, CompletableFuture.failedFuture(e));
        }
    }

    private CompletableFuture<ExecutionResult> enqueue(ExecutionId executionId, TenantId id, ExecutionRequest request) {
        checkAccepting();
        TenantConfig tenant = tenants.find(id).orElseThrow(() -> new TenantNotFoundException(id));
        if (!tenant.enabled()) {
            throw rejected(new LimitRejection(id, LimitType.TENANT_DISABLED, 0, 0, Optional.empty(),
                    "tenant " + id + " is disabled"));
        }
        if (!usage.available()) {
            LOG.warn("refused an execution of tenant {}: metering is unavailable", id);
            throw notRun();
        }
        Permit permit = switch (quotas.admit(tenant, request.operation())) {
            case AdmissionDecision.Admitted admitted -> admitted.permit();
            // The policy publishes its own rejection events, so the pipeline adds none here.
            case AdmissionDecision.Rejected r -> throw new LimitExceededException(r.rejection());
        };
        Instant now = clock.instant();
        Work work = new Work(executionId, tenant, request, permit, now, new CompletableFuture<>());
        Optional<LimitRejection> refused;
        try {
            refused = pool.offer(work);
        } catch (IllegalStateException e) {
            permit.refund();
            throw e;
        }
        if (refused.isPresent()) {
            permit.refund();
            throw rejected(refused.get());
        }
        LOG.debug("queued execution {} of tenant {}", work.id(), id);
        return work.result();
    }

    private static MeteringUnavailableException notRun() {
        return new MeteringUnavailableException(
                "metering_unavailable: usage cannot be recorded now, so the execution was not run", null);
    }

    private void checkAccepting() {
        pool.checkAccepting();
    }

    private LimitExceededException rejected(LimitRejection rejection) {
        LOG.debug("rejected a request of tenant {}: {}", rejection.tenant(), rejection.limitType().wireName());
        events.publish(new PlatformEvent.LimitRejected(rejection.tenant(), clock.instant(), rejection));
        return new LimitExceededException(rejection);
    }

    /**
     * Runs one dispatched execution on a worker thread and returns once the sandbox is done, with the result to
     * come once its usage is durable. The wait for the commit holds no worker: with group commit it is the
     * longest part of a trivial execution. Never throws; the future never fails.
     */
    private CompletableFuture<ExecutionResult> run(Work w) {
        try {
            if (!usage.available()) {
                // The store went down while this waited in the queue: it is not run, as if refused at submission,
                // rather than run and then withheld unbilled with its side effects kept.
                LOG.warn("did not run execution {} of tenant {}: metering became unavailable while it was queued",
                        w.id(), w.tenant().id());
                w.permit().refund();
                return CompletableFuture.failedFuture(notRun());
            }
            Instant started = clock.instant();
            SandboxResult outcome = runSandbox(w);
            Instant finished = clock.instant();
            if (outcome.outcome() instanceof ExecutionOutcome.Cancelled c && c.workerKilled()) {
                events.publish(new PlatformEvent.WorkerKilled(w.tenant().id(), finished, w.id(), c.reason()));
            }
            return meter(w, outcome, started, finished);
        } catch (RuntimeException | Error e) {
            LOG.error("execution {} of tenant {} failed in the platform", w.id(), w.tenant().id(), e);
            Instant now = clock.instant();
            return CompletableFuture.completedFuture(new ExecutionResult(w.id(), w.tenant().id(),
                    w.request().operation(),
                    new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.INTERNAL_ERROR, "the platform failed")),
                    ExecutionUsage.NONE, "", false, w.submittedAt(), now, now));
        }
    }

    private SandboxResult runSandbox(Work w) {
        TenantHostApi host = new TenantHostApi(w.tenant(), data, thresholds);
        try {
            return sandbox.run(new SandboxTask(w.id(), w.tenant(), w.request(), w.tenant().limits().execution(), host));
        } catch (RuntimeException e) {
            LOG.error("sandbox failed on execution {} of tenant {}", w.id(), w.tenant().id(), e);
            return new SandboxResult(new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.INTERNAL_ERROR,
                    "the sandbox failed; the script is not at fault")), ExecutionUsage.NONE, "", false);
        }
    }

    private CompletableFuture<ExecutionResult> meter(Work w, SandboxResult r, Instant started, Instant finished) {
        UsageEvent event = UsageEvent.execution(w.id().value(), w.tenant().id(), finished, w.request().operation(),
                r.outcome().status(), r.usage());
        CompletableFuture<Void> durable;
        try {
            durable = usage.record(event);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(withheld(w, r, started, finished, e));
        }
        return durable.orTimeout(meteringWait.toMillis(), TimeUnit.MILLISECONDS).handle((ignored, failure) -> failure == null
                ? new ExecutionResult(w.id(), w.tenant().id(), w.request().operation(), r.outcome(), r.usage(),
                        r.console(), r.consoleTruncated(), w.submittedAt(), started, finished)
                : withheld(w, r, started, finished, failure));
    }

    private ExecutionResult withheld(Work w, SandboxResult r, Instant started, Instant finished, Throwable cause) {
        Throwable reason = (cause instanceof ExecutionException || cause instanceof CompletionException)
                && cause.getCause() != null ? cause.getCause() : cause;
        LOG.error("usage of execution {} of tenant {} could not be recorded ({}); the result is withheld", w.id(),
                w.tenant().id(), reason.toString());
        return new ExecutionResult(w.id(), w.tenant().id(), w.request().operation(),
                new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.METERING_UNAVAILABLE,
                        "usage could not be recorded durably, so the result is withheld")),
                r.usage(), "", false, w.submittedAt(), started, finished);
    }

    /**
     * Stops accepting work, waits up to the shutdown timeout for queued and running work, then cancels what
     * is still queued with reason {@code shutdown}. Running executions that outlast the timeout end when the
     * sandbox is closed. Idempotent.
     */
    @Override
    public void close() {
        pool.close(shutdownTimeout);
    }

    /** Waits up to {@code timeout} for running executions to end, after the sandbox was closed. */
    public void awaitWorkers(Duration timeout) {
        pool.awaitTermination(timeout);
    }
}
