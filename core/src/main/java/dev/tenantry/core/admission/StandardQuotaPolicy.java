package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.Severity;
import dev.tenantry.spi.quota.AdmissionDecision;
import dev.tenantry.spi.quota.CounterKey;
import dev.tenantry.spi.quota.CounterLimit;
import dev.tenantry.spi.quota.CounterUpdate;
import dev.tenantry.spi.quota.LimitConsumption;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code standard} quota policy. For one request of a tenant and an operation type it checks, in order:
 * <ol>
 *   <li>that the tenant is enabled;</li>
 *   <li>the tenant-wide token bucket ({@code rate.perMinute} refilled a minute, {@code perMinute + burst} at
 *       most), then the bucket of the operation type if {@code rate.perOperation} limits it;</li>
 *   <li>the executions of the current UTC day and UTC calendar month, counted in the {@link QuotaStateStore}
 *       so that they survive a restart and can be shared by several nodes.</li>
 * </ol>
 * Admission is all or nothing: if a later check rejects, the tokens taken by earlier ones are put back before
 * the rejection is returned, and {@link dev.tenantry.spi.quota.Permit#refund()} gives back every token and count
 * an admission took. With soft limits ({@code thresholds.hardLimits = false}) a request over a limit is admitted,
 * and a {@code soft_limit_exceeded} event says which limit it passed.
 *
 * <p>When a day's or month's count reaches the warning or the critical fraction of its limit, a
 * {@code threshold_reached} event is published once per tenant, limit, level and window; the "already
 * published" marks are counters in the state store, so a restart or a second node does not repeat them.
 *
 * <p>Token buckets live in this node's memory (Bucket4j, timed by the platform clock). Thread-safe: one
 * admission holds its tenant's lock, so tenants never wait for each other.
 */
public final class StandardQuotaPolicy implements QuotaPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(StandardQuotaPolicy.class);
    static final String DAILY = "executions.daily";
    static final String MONTHLY = "executions.monthly";

    private final StandardQuotaSettings settings;
    private final QuotaStateStore store;
    private final EventSink events;
    private final Clock clock;
    private final TimeMeter meter;
    private final Map<TenantId, RateBuckets> buckets = new ConcurrentHashMap<>();

    /**
     * @param settings the policy's configuration
     * @param store where daily and monthly counts live; not closed by this policy (the platform owns it)
     * @param events where threshold, soft-limit and rejection events go
     * @param clock the platform clock; windows and refills follow it
     */
    public StandardQuotaPolicy(StandardQuotaSettings settings, QuotaStateStore store, EventSink events, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meter = new ClockTimeMeter(clock);
    }

    @Override
    public AdmissionDecision admit(TenantConfig tenant, String operation) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(operation, "operation");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation type must not be blank");
        }
        TenantId id = tenant.id();
        Instant now = clock.instant();
        if (!tenant.enabled()) {
            return reject(new LimitRejection(id, LimitType.TENANT_DISABLED, 0, 0, Optional.empty(),
                    "tenant " + id + " is disabled"), now);
        }
        boolean hard = tenant.limits().thresholds().hardLimits();
        TenantLimits.RateLimit rate = tenant.limits().rate();
        TenantLimits.RequestLimits requests = tenant.limits().requests();
        RateBuckets rb = bucketsOf(tenant);
        List<LimitRejection> passedSoftly = new ArrayList<>(1);
        List<Bucket> charged = new ArrayList<>(2);
        CounterKey daily = new CounterKey(id, DAILY, UtcWindows.dayStart(now));
        CounterKey monthly = new CounterKey(id, MONTHLY, UtcWindows.monthStart(now));
        Map<CounterKey, Long> counts;
        synchronized (rb) {
            if (rb.tenant.isPresent()) {
                Bucket bucket = rb.tenant.get();
                ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    charged.add(bucket);
                } else {
                    LimitRejection r = rateRejection(id, LimitType.RATE_LIMIT, "tenant-wide rate",
                            rate.perMinute(), rate.burst(), probe);
                    if (hard) {
                        return reject(r, now);
                    }
                    passedSoftly.add(r);
                }
            }
            Bucket opBucket = rb.operations.get(operation);
            if (opBucket != null) {
                ConsumptionProbe probe = opBucket.tryConsumeAndReturnRemaining(1);
                if (probe.isConsumed()) {
                    charged.add(opBucket);
                } else {
                    TenantLimits.OperationRate opRate = rate.perOperation().get(operation);
                    LimitRejection r = rateRejection(id, LimitType.OPERATION_RATE_LIMIT,
                            "rate of operation '" + operation + "'", opRate.perMinute(), opRate.burst(), probe);
                    if (hard) {
                        giveBack(charged);
                        return reject(r, now);
                    }
                    passedSoftly.add(r);
                }
            }
            CounterUpdate update = store.tryIncrement(List.of(
                    new CounterLimit(daily, requests.dailyExecutions()),
                    new CounterLimit(monthly, requests.monthlyExecutions())), 1);
            if (update instanceof CounterUpdate.Exceeded exceeded) {
                LimitRejection r = windowRejection(id, exceeded, now);
                if (hard) {
                    giveBack(charged);
                    return reject(r, now);
                }
                passedSoftly.add(r);
                update = store.tryIncrement(List.of(new CounterLimit(daily, Long.MAX_VALUE),
                        new CounterLimit(monthly, Long.MAX_VALUE)), 1);
            }
            counts = ((CounterUpdate.Applied) update).values();
        }
        for (LimitRejection r : passedSoftly) {
            LOG.info("tenant {} passed its soft {} limit ({} of {})", id, r.limitType().wireName(), r.current(), r.limit());
            events.publish(new PlatformEvent.SoftLimitExceeded(id, now, r));
        }
        TenantLimits.Thresholds thresholds = tenant.limits().thresholds();
        checkThresholds(id, thresholds, LimitType.DAILY_EXECUTIONS, requests.dailyExecutions(),
                counts.getOrDefault(daily, 0L), daily, now);
        checkThresholds(id, thresholds, LimitType.MONTHLY_EXECUTIONS, requests.monthlyExecutions(),
                counts.getOrDefault(monthly, 0L), monthly, now);
        return new AdmissionDecision.Admitted(new ChargedPermit(id, operation, charged, List.of(daily, monthly), store));
    }

    private RateBuckets bucketsOf(TenantConfig tenant) {
        TenantLimits.RateLimit rate = tenant.limits().rate();
        return buckets.compute(tenant.id(), (id, existing) -> {
            if (existing == null) {
                return RateBuckets.create(rate, meter);
            }
            return existing.rate.equals(rate) ? existing : existing.reconfigure(rate, meter);
        });
    }

    private static void giveBack(List<Bucket> charged) {
        charged.forEach(b -> b.addTokens(1));
    }

    private static LimitRejection rateRejection(TenantId id, LimitType type, String what, long perMinute, long burst,
                                                ConsumptionProbe probe) {
        long capacity = perMinute + burst;
        long used = capacity - Math.max(0, probe.getRemainingTokens());
        Duration retry = Duration.ofNanos(Math.max(0, probe.getNanosToWaitForRefill()));
        return new LimitRejection(id, type, capacity, used, Optional.of(retry),
                "tenant " + id + " exceeded its " + what + " of " + perMinute + " per minute with a burst of " + burst
                        + "; retry in " + retry.toMillis() + " ms");
    }

    private static LimitRejection windowRejection(TenantId id, CounterUpdate.Exceeded exceeded, Instant now) {
        boolean daily = exceeded.counter().key().name().equals(DAILY);
        Instant end = daily ? UtcWindows.dayEnd(now) : UtcWindows.monthEnd(now);
        String window = daily ? UtcWindows.dayLabel(now) : UtcWindows.monthLabel(now);
        return new LimitRejection(id, daily ? LimitType.DAILY_EXECUTIONS : LimitType.MONTHLY_EXECUTIONS,
                exceeded.counter().limit(), exceeded.current(), Optional.of(Duration.between(now, end)),
                "tenant " + id + " used " + exceeded.current() + " of its " + exceeded.counter().limit()
                        + " executions for " + window + " (UTC); the window resets at " + end);
    }

    private AdmissionDecision reject(LimitRejection rejection, Instant now) {
        LOG.debug("tenant {} rejected by {} ({} of {})", rejection.tenant(), rejection.limitType().wireName(),
                rejection.current(), rejection.limit());
        if (settings.rejectionEvents()) {
            events.publish(new PlatformEvent.LimitRejected(rejection.tenant(), now, rejection));
        }
        return new AdmissionDecision.Rejected(rejection);
    }

    private void checkThresholds(TenantId id, TenantLimits.Thresholds thresholds, LimitType type, long limit, long value,
                                 CounterKey window, Instant now) {
        if (limit == Long.MAX_VALUE || value < thresholds.warningFraction() * limit) {
            return;
        }
        // The window's label is only formatted here, past the warning fraction, not on every admission.
        String label = type == LimitType.DAILY_EXECUTIONS ? UtcWindows.dayLabel(now) : UtcWindows.monthLabel(now);
        publishOnce(id, Severity.WARNING, type, limit, value, window, label, now);
        if (value >= thresholds.criticalFraction() * limit) {
            publishOnce(id, Severity.CRITICAL, type, limit, value, window, label, now);
        }
    }

    private void publishOnce(TenantId id, Severity severity, LimitType type, long limit, long value, CounterKey window,
                             String label, Instant now) {
        CounterKey mark = new CounterKey(id, "threshold." + type.wireName() + "." + severity.wireName(),
                window.windowStart());
        if (store.tryIncrement(List.of(new CounterLimit(mark, 1)), 1) instanceof CounterUpdate.Applied) {
            LOG.info("tenant {} reached the {} threshold of its {} limit for {}: {} of {}", id, severity.wireName(),
                    type.wireName(), label, value, limit);
            events.publish(new PlatformEvent.ThresholdReached(id, now, severity, type, limit, value, label));
        }
    }

    @Override
    public List<LimitConsumption> consumption(TenantConfig tenant) {
        Instant now = clock.instant();
        TenantId id = tenant.id();
        List<LimitConsumption> out = new ArrayList<>();
        TenantLimits.RateLimit rate = tenant.limits().rate();
        RateBuckets rb = bucketsOf(tenant);
        rb.tenant.ifPresent(b -> out.add(bucketConsumption(LimitType.RATE_LIMIT, "tenant", b, rate.perMinute(),
                rate.burst(), now)));
        new TreeMap<>(rb.operations).forEach((op, b) -> {
            TenantLimits.OperationRate r = rate.perOperation().get(op);
            out.add(bucketConsumption(LimitType.OPERATION_RATE_LIMIT, op, b, r.perMinute(), r.burst(), now));
        });
        TenantLimits.RequestLimits requests = tenant.limits().requests();
        out.add(new LimitConsumption(LimitType.DAILY_EXECUTIONS, UtcWindows.dayLabel(now), requests.dailyExecutions(),
                store.get(new CounterKey(id, DAILY, UtcWindows.dayStart(now))), Optional.of(UtcWindows.dayEnd(now))));
        out.add(new LimitConsumption(LimitType.MONTHLY_EXECUTIONS, UtcWindows.monthLabel(now),
                requests.monthlyExecutions(), store.get(new CounterKey(id, MONTHLY, UtcWindows.monthStart(now))),
                Optional.of(UtcWindows.monthEnd(now))));
        return out;
    }

    private static LimitConsumption bucketConsumption(LimitType type, String scope, Bucket bucket, long perMinute,
                                                      long burst, Instant now) {
        long capacity = perMinute + burst;
        long used = Math.max(0, capacity - bucket.getAvailableTokens());
        // a greedy bucket refills one token every minute / perMinute
        Duration toFull = Duration.ofMinutes(1).multipliedBy(used).dividedBy(perMinute);
        return new LimitConsumption(type, scope, capacity, used, Optional.of(now.plus(toFull)));
    }

    /**
     * Removes the counters of windows that can no longer be charged: every window that started before the
     * current UTC month (the days of earlier months, earlier months, and their threshold marks). The platform
     * calls it on a schedule of its choosing, such as daily.
     *
     * @return how many counters were removed
     */
    public long purgeExpiredWindows() {
        return store.purgeBefore(UtcWindows.monthStart(clock.instant()));
    }

    @Override
    public void close() {
        buckets.clear();
    }
}
