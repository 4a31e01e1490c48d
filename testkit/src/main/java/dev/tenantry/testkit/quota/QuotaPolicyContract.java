package dev.tenantry.testkit.quota;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.Severity;
import dev.tenantry.spi.quota.AdmissionDecision;
import dev.tenantry.spi.quota.LimitConsumption;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.quota.Permit;
import dev.tenantry.spi.quota.QuotaPolicy;
import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStore;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link QuotaPolicy} must do: token-bucket rate limits with burst (tenant-wide and per operation
 * type), daily and monthly executions on UTC calendar windows kept in the shared {@link QuotaStateStore},
 * all-or-nothing admission, refunds, hard and soft limits, threshold events once per window, and rejections
 * that carry the limit type, the limit, the current value and a retry-after accurate to one refill interval.
 *
 * <p>Extend it and supply the provider and a new, empty state store; the contract shares the store with the
 * policy under {@link QuotaProvider#STATE_STORE_KEY}, as the platform does, and drives a {@link ManualClock}.
 */
public abstract class QuotaPolicyContract {
    /** 10:00 UTC, fourteen hours before the day's window ends. */
    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private QuotaStateStore store;
    private TestingProviderContext context;
    private QuotaPolicy policy;

    /** {@return the provider under test} */
    protected abstract QuotaProvider provider();

    /** {@return a new, empty state store for the policy to keep its counters in} */
    protected abstract QuotaStateStore newStateStore();

    @BeforeEach
    final void createPolicy() {
        store = newStateStore();
        context = new TestingProviderContext(PluginConfig.empty("quotas"), clock, 2, Path.of("."));
        context.bind(QuotaProvider.STATE_STORE_KEY, store);
        policy = provider().create(context);
    }

    @AfterEach
    final void closePolicy() throws Exception {
        policy.close();
        context.close();
    }

    /** {@return a tenant with the given rate, daily and monthly limits and thresholds} */
    protected static TenantConfig tenant(String id, TenantLimits.RateLimit rate, long daily, long monthly,
                                         TenantLimits.Thresholds thresholds) {
        TenantLimits base = SampleTenants.limits();
        TenantLimits.RequestLimits r = base.requests();
        TenantLimits limits = base.withRate(rate)
                .withRequests(new TenantLimits.RequestLimits(daily, monthly, r.maxConcurrent(), r.maxQueued(),
                        r.queueTimeout()))
                .withThresholds(thresholds);
        return SampleTenants.tenant(id, T0).withLimits(limits, T0);
    }

    /** 60 a minute (a token a second) with a burst of 10; {@code write} 6 a minute (one per 10 s) with a burst of 2. */
    private static TenantConfig rated(String id) {
        return tenant(id, new TenantLimits.RateLimit(60, 10, Map.of("write", new TenantLimits.OperationRate(6, 2))),
                1_000_000, 10_000_000, TenantLimits.Thresholds.defaults());
    }

    /** No practical rate limit; 10 executions a day, 25 a month. */
    private static TenantConfig counted(String id) {
        return tenant(id, new TenantLimits.RateLimit(1_000_000, 0, Map.of()), 10, 25, TenantLimits.Thresholds.defaults());
    }

    private Permit admitted(TenantConfig tenant, String operation) {
        AdmissionDecision d = policy.admit(tenant, operation);
        assertThat(d).as("admission of %s/%s", tenant.id(), operation).isInstanceOf(AdmissionDecision.Admitted.class);
        return ((AdmissionDecision.Admitted) d).permit();
    }

    private LimitRejection rejected(TenantConfig tenant, String operation) {
        AdmissionDecision d = policy.admit(tenant, operation);
        assertThat(d).as("admission of %s/%s", tenant.id(), operation).isInstanceOf(AdmissionDecision.Rejected.class);
        return ((AdmissionDecision.Rejected) d).rejection();
    }

    private void admitTimes(TenantConfig tenant, String operation, int times) {
        for (int i = 0; i < times; i++) {
            admitted(tenant, operation);
        }
    }

    private long used(TenantConfig tenant, LimitType type) {
        return policy.consumption(tenant).stream().filter(c -> c.limitType() == type)
                .mapToLong(LimitConsumption::used).sum();
    }

    private List<PlatformEvent.ThresholdReached> thresholdEvents() {
        return context.publishedEvents().stream().filter(PlatformEvent.ThresholdReached.class::isInstance)
                .map(PlatformEvent.ThresholdReached.class::cast).toList();
    }

    @Test
    void admitsARequestWithAPermitForItsTenantAndOperation() {
        TenantConfig t = rated("acme");

        Permit permit = admitted(t, "execute");

        assertThat(permit.tenant()).isEqualTo(t.id());
        assertThat(permit.operation()).isEqualTo("execute");
    }

    @Test
    void admitsTheRatePlusTheBurstAtOnceAndRejectsTheNextWithRateLimit() {
        TenantConfig t = rated("acme");
        admitTimes(t, "execute", 70);

        LimitRejection r = rejected(t, "execute");

        assertThat(r.tenant()).isEqualTo(t.id());
        assertThat(r.limitType()).isEqualTo(LimitType.RATE_LIMIT);
        assertThat(r.limit()).isEqualTo(70);
        assertThat(r.current()).isEqualTo(70);
    }

    @Test
    void aRateRejectionsRetryAfterIsAccurateToOneRefillInterval() {
        TenantConfig t = rated("acme");
        admitTimes(t, "execute", 70);
        Duration refillInterval = Duration.ofSeconds(1);

        Duration retry = rejected(t, "execute").retryAfter().orElseThrow();

        assertThat(retry).isPositive().isLessThanOrEqualTo(refillInterval);
        clock.advance(retry.minus(refillInterval.dividedBy(10)));
        rejected(t, "execute");
        clock.advance(refillInterval.dividedBy(10));
        admitted(t, "execute");
    }

    @Test
    void anOperationsOwnRateRejectsWithOperationRateLimitAndAnAccurateRetryAfter() {
        TenantConfig t = rated("acme");
        admitTimes(t, "write", 8);

        LimitRejection r = rejected(t, "write");

        assertThat(r.limitType()).isEqualTo(LimitType.OPERATION_RATE_LIMIT);
        assertThat(r.limit()).isEqualTo(8);
        assertThat(r.current()).isEqualTo(8);
        Duration retry = r.retryAfter().orElseThrow();
        assertThat(retry).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        admitted(t, "read");
        clock.advance(retry);
        admitted(t, "write");
    }

    @Test
    void aRequestRejectedByItsOperationRateConsumesNoTenantTokensNorCounts() {
        TenantConfig t = rated("acme");
        admitTimes(t, "write", 8);

        rejected(t, "write");
        rejected(t, "write");

        assertThat(used(t, LimitType.RATE_LIMIT)).isEqualTo(8);
        assertThat(used(t, LimitType.DAILY_EXECUTIONS)).isEqualTo(8);
    }

    @Test
    void rejectsPastTheDailyLimitWithDailyExecutionsUntilUtcMidnight() {
        TenantConfig t = counted("acme");
        admitTimes(t, "execute", 10);

        LimitRejection r = rejected(t, "execute");

        assertThat(r.limitType()).isEqualTo(LimitType.DAILY_EXECUTIONS);
        assertThat(r.limit()).isEqualTo(10);
        assertThat(r.current()).isEqualTo(10);
        assertThat(r.retryAfter()).contains(Duration.ofHours(14));
    }

    @Test
    void theDailyWindowOpensAgainAtUtcMidnight() {
        TenantConfig t = counted("acme");
        admitTimes(t, "execute", 10);

        clock.advance(Duration.ofHours(14).minusSeconds(1));
        rejected(t, "execute");
        clock.advance(Duration.ofSeconds(1));
        admitted(t, "execute");
    }

    @Test
    void rejectsPastTheMonthlyLimitWithMonthlyExecutionsUntilTheFirstOfTheNextMonth() {
        TenantConfig t = counted("acme");
        admitTimes(t, "execute", 10);
        clock.advance(Duration.ofDays(1));
        admitTimes(t, "execute", 10);
        clock.advance(Duration.ofDays(1));
        admitTimes(t, "execute", 5);

        LimitRejection r = rejected(t, "execute");

        assertThat(r.limitType()).isEqualTo(LimitType.MONTHLY_EXECUTIONS);
        assertThat(r.limit()).isEqualTo(25);
        assertThat(r.current()).isEqualTo(25);
        Instant now = T0.plus(Duration.ofDays(2));
        assertThat(r.retryAfter()).contains(Duration.between(now, Instant.parse("2026-12-01T00:00:00Z")));
    }

    @Test
    void aRequestRejectedByItsDailyLimitConsumesNoTokens() {
        TenantConfig t = tenant("acme", new TenantLimits.RateLimit(60, 10, Map.of()), 3, 100,
                TenantLimits.Thresholds.defaults());
        admitTimes(t, "execute", 3);

        rejected(t, "execute");
        rejected(t, "execute");

        assertThat(used(t, LimitType.RATE_LIMIT)).isEqualTo(3);
    }

    @Test
    void aRefundGivesBackEveryTokenAndCountOnce() {
        TenantConfig t = rated("acme");
        admitted(t, "write");
        Permit permit = admitted(t, "write");

        permit.refund();
        permit.refund();

        assertThat(used(t, LimitType.RATE_LIMIT)).isEqualTo(1);
        assertThat(used(t, LimitType.OPERATION_RATE_LIMIT)).isEqualTo(1);
        assertThat(used(t, LimitType.DAILY_EXECUTIONS)).isEqualTo(1);
        assertThat(used(t, LimitType.MONTHLY_EXECUTIONS)).isEqualTo(1);
    }

    @Test
    void softLimitsAdmitPastTheLimitAndPublishWhichLimitWasPassed() {
        TenantConfig t = tenant("acme", new TenantLimits.RateLimit(1_000_000, 0, Map.of()), 5, 100,
                new TenantLimits.Thresholds(0.85, 0.95, false));
        admitTimes(t, "execute", 5);

        admitted(t, "execute");

        assertThat(context.publishedEvents()).anySatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(PlatformEvent.SoftLimitExceeded.class, s -> {
                    assertThat(s.rejection().limitType()).isEqualTo(LimitType.DAILY_EXECUTIONS);
                    assertThat(s.rejection().limit()).isEqualTo(5);
                }));
    }

    @Test
    void publishesWarningAndCriticalThresholdsOncePerWindow() {
        TenantConfig t = tenant("acme", new TenantLimits.RateLimit(1_000_000, 0, Map.of()), 20, 1_000,
                TenantLimits.Thresholds.defaults());
        admitTimes(t, "execute", 16);
        assertThat(thresholdEvents()).isEmpty();

        admitTimes(t, "execute", 4);

        assertThat(thresholdEvents()).extracting(PlatformEvent.ThresholdReached::severity,
                        PlatformEvent.ThresholdReached::limitType, PlatformEvent.ThresholdReached::current,
                        PlatformEvent.ThresholdReached::window)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Severity.WARNING, LimitType.DAILY_EXECUTIONS, 17L, "2026-11-23"),
                        org.assertj.core.groups.Tuple.tuple(Severity.CRITICAL, LimitType.DAILY_EXECUTIONS, 19L, "2026-11-23"));

        clock.advance(Duration.ofDays(1));
        admitTimes(t, "execute", 20);
        assertThat(thresholdEvents()).hasSize(4);
    }

    @Test
    void aDisabledTenantIsRejectedWithoutARetryAfter() {
        TenantConfig t = rated("acme").withEnabled(false, T0);

        LimitRejection r = rejected(t, "execute");

        assertThat(r.limitType()).isEqualTo(LimitType.TENANT_DISABLED);
        assertThat(r.retryAfter()).isEmpty();
    }

    @Test
    void tenantsHaveIndependentLimits() {
        TenantConfig a = counted("tenant-a");
        TenantConfig b = counted("tenant-b");
        admitTimes(a, "execute", 10);
        rejected(a, "execute");

        admitted(b, "execute");
    }

    @Test
    void countsKeptInTheStateStoreOutliveThePolicy() {
        TenantConfig t = counted("acme");
        admitTimes(t, "execute", 10);
        policy.close();

        policy = provider().create(context);

        assertThat(rejected(t, "execute").limitType()).isEqualTo(LimitType.DAILY_EXECUTIONS);
    }

    @Test
    void concurrentAdmissionsNeverPassTheBucketNorTheDailyCount() throws Exception {
        TenantConfig t = tenant("acme", new TenantLimits.RateLimit(60, 10, Map.of()), 50, 1_000,
                TenantLimits.Thresholds.defaults());
        TenantConfig bucketBound = tenant("other", new TenantLimits.RateLimit(60, 10, Map.of()), 1_000, 1_000,
                TenantLimits.Thresholds.defaults());
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    int[] admitted = new int[2];
                    for (int k = 0; k < 25; k++) {
                        if (policy.admit(t, "execute") instanceof AdmissionDecision.Admitted) {
                            admitted[0]++;
                        }
                        if (policy.admit(bucketBound, "execute") instanceof AdmissionDecision.Admitted) {
                            admitted[1]++;
                        }
                    }
                    return admitted;
                }));
            }
            start.countDown();
            int daily = 0;
            int bucket = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                daily += r[0];
                bucket += r[1];
            }
            assertThat(daily).isEqualTo(50);
            assertThat(used(t, LimitType.DAILY_EXECUTIONS)).isEqualTo(50);
            assertThat(bucket).isEqualTo(70);
            assertThat(used(bucketBound, LimitType.DAILY_EXECUTIONS)).isEqualTo(70);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsConsumptionOfEveryLimit() {
        TenantConfig t = rated("acme");
        admitTimes(t, "write", 3);

        List<LimitConsumption> c = policy.consumption(t);

        assertThat(c).extracting(LimitConsumption::limitType, LimitConsumption::scope, LimitConsumption::limit,
                        LimitConsumption::used)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(LimitType.RATE_LIMIT, "tenant", 70L, 3L),
                        org.assertj.core.groups.Tuple.tuple(LimitType.OPERATION_RATE_LIMIT, "write", 8L, 3L),
                        org.assertj.core.groups.Tuple.tuple(LimitType.DAILY_EXECUTIONS, "2026-11-23", 1_000_000L, 3L),
                        org.assertj.core.groups.Tuple.tuple(LimitType.MONTHLY_EXECUTIONS, "2026-11", 10_000_000L, 3L));
        assertThat(c).filteredOn(x -> x.limitType() == LimitType.DAILY_EXECUTIONS).singleElement()
                .satisfies(x -> assertThat(x.resetsAt()).contains(Instant.parse("2026-11-24T00:00:00Z")));
    }
}
