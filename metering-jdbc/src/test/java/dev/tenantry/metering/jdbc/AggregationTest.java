package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageSummary;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rollups answer exactly what summing the raw events answers, for any period, aligned to hours and days
 * or not; and they keep answering it after the raw events are gone.
 */
class AggregationTest {
    private static final Instant START = Instant.parse("2026-10-30T00:00:00Z");
    private static final long SPAN_SECONDS = 5 * 86_400;
    private static final List<TenantId> TENANTS = List.of(TenantId.of("t1"), TenantId.of("t2"), TenantId.of("t3"));

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void rollupsAgreeWithTheRawEventsForAnyPeriod(String kind) throws Exception {
        Random random = new Random(42);
        List<UsageEvent> events = events(random, 3_000);
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStore()) {
            recordAll(store, events);

            for (int i = 0; i < 40; i++) {
                Instant a = START.plusSeconds(random.nextLong(SPAN_SECONDS + 1)).plusNanos(random.nextInt(1_000_000_000));
                Instant b = START.plusSeconds(random.nextLong(SPAN_SECONDS + 1));
                Instant from = a.isBefore(b) ? a : b;
                Instant to = a.isBefore(b) ? b : a;
                for (TenantId t : TENANTS) {
                    assertThat(store.summarize(t, from, to)).as("%s [%s, %s)", t, from, to)
                            .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                            .isEqualTo(naive(events, t, from, to));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void bucketsMatchTheRawEventsAtEveryGranularity(String kind) throws Exception {
        List<UsageEvent> events = events(new Random(7), 2_000);
        Instant from = START.plusSeconds(3_599);
        Instant to = START.plusSeconds(SPAN_SECONDS - 1);
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStore()) {
            recordAll(store, events);

            for (Granularity g : Granularity.values()) {
                TenantId t = TENANTS.get(0);
                Map<Instant, Long> expected = new TreeMap<>();
                for (UsageEvent e : events) {
                    if (e.tenant().equals(t) && !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)) {
                        expected.merge(g.bucketStart(e.occurredAt()), 1L, Long::sum);
                    }
                }
                List<UsageSummary> actual = store.usage(t, g, from, to);
                Map<Instant, Long> got = new TreeMap<>();
                actual.forEach(s -> got.put(g.bucketStart(s.from()), s.executions()));
                assertThat(got).as(g.toString()).isEqualTo(expected);
                assertThat(actual).allSatisfy(s -> {
                    assertThat(s.from()).isEqualTo(g.bucketStart(s.from()).isBefore(from) ? from : g.bucketStart(s.from()));
                    assertThat(s.to()).isEqualTo(g.next(g.bucketStart(s.from())).isAfter(to) ? to : g.next(g.bucketStart(s.from())));
                });
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "mysql"})
    void purgedRawEventsStillCountInHourAlignedPeriods(String kind) throws Exception {
        List<UsageEvent> events = events(new Random(3), 1_000);
        Instant from = START;
        Instant to = START.plusSeconds(SPAN_SECONDS);
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStore()) {
            recordAll(store, events);
            List<UsageSummary> before = store.summarizeAll(from, to);

            assertThat(store.purgeRawEventsBefore(to)).isEqualTo(events.size());

            assertThat(store.summarizeAll(from, to)).usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(before);
            assertThat(before).hasSize(3);
            assertThat(before.stream().mapToLong(UsageSummary::executions).sum()).isEqualTo(events.size());
        }
    }

    // MySQL/MariaDB only: H2 adds events to the rollups in the transaction that stores them.
    @ParameterizedTest
    @ValueSource(strings = {"mysql"})
    void answersStayExactWhileTheRollupsLag(String kind) throws Exception {
        Random random = new Random(11);
        List<UsageEvent> events = events(random, 1_500);
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStoreWithoutBackgroundRollup()) {
            recordAll(store, events);
            assertExact(store, events, random, "nothing rolled up");

            assertThat(new UsageRollup(db.database(), 600).rollUpOnce()).isEqualTo(600);
            assertExact(store, events, random, "600 of 1,500 rolled up");

            assertThat(store.rollUpPending()).isEqualTo(900);
            assertExact(store, events, random, "all rolled up");
        }
    }

    // MySQL/MariaDB only: H2 adds events to the rollups in the transaction that stores them.
    @ParameterizedTest
    @ValueSource(strings = {"mysql"})
    void rollersRunningAtOnceCountEveryEventOnce(String kind) throws Exception {
        List<UsageEvent> events = events(new Random(5), 3_000);
        try (TestDatabase db = TestDatabase.of(kind); JdbcUsageStore store = db.usageStoreWithoutBackgroundRollup()) {
            recordAll(store, events);
            List<CompletableFuture<Long>> rollers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                UsageRollup rollup = new UsageRollup(db.database(), 250);
                rollers.add(CompletableFuture.supplyAsync(rollup::rollUpPending));
            }
            long rolled = 0;
            for (CompletableFuture<Long> r : rollers) {
                rolled += r.get(120, TimeUnit.SECONDS);
            }

            assertThat(rolled).isEqualTo(events.size());
            for (TenantId t : TENANTS) {
                long executions = db.database().dsl().select(DSL.sum(USAGE_HOURLY.EXECUTIONS)).from(USAGE_HOURLY)
                        .where(USAGE_HOURLY.TENANT_ID.eq(t.value())).fetchOne(0, Long.class);
                long daily = db.database().dsl().select(DSL.sum(USAGE_DAILY.EXECUTIONS)).from(USAGE_DAILY)
                        .where(USAGE_DAILY.TENANT_ID.eq(t.value())).fetchOne(0, Long.class);
                long expected = events.stream().filter(e -> e.tenant().equals(t)).count();
                assertThat(executions).as("hourly %s", t).isEqualTo(expected);
                assertThat(daily).as("daily %s", t).isEqualTo(expected);
            }
        }
    }

    private static void assertExact(JdbcUsageStore store, List<UsageEvent> events, Random random, String state) {
        for (int i = 0; i < 15; i++) {
            Instant a = START.plusSeconds(random.nextLong(SPAN_SECONDS + 1)).plusNanos(random.nextInt(1_000_000_000));
            Instant b = START.plusSeconds(random.nextLong(SPAN_SECONDS + 1));
            Instant from = a.isBefore(b) ? a : b;
            Instant to = a.isBefore(b) ? b : a;
            for (TenantId t : TENANTS) {
                assertThat(store.summarize(t, from, to)).as("%s: %s [%s, %s)", state, t, from, to)
                        .usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                        .isEqualTo(naive(events, t, from, to));
            }
        }
        TenantId t = TENANTS.get(1);
        Instant from = START.plusSeconds(1_234);
        Instant to = START.plusSeconds(SPAN_SECONDS - 77);
        for (Granularity g : Granularity.values()) {
            Map<Instant, Long> expected = new TreeMap<>();
            for (UsageEvent e : events) {
                if (e.tenant().equals(t) && !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)) {
                    expected.merge(g.bucketStart(e.occurredAt()), 1L, Long::sum);
                }
            }
            Map<Instant, Long> got = new TreeMap<>();
            store.usage(t, g, from, to).forEach(s -> got.put(g.bucketStart(s.from()), s.executions()));
            assertThat(got).as("%s: %s", state, g).isEqualTo(expected);
        }
        List<UsageSummary> all = store.summarizeAll(START, START.plusSeconds(SPAN_SECONDS));
        assertThat(all.stream().mapToLong(UsageSummary::executions).sum()).as(state).isEqualTo(events.size());
    }

    private static void recordAll(JdbcUsageStore store, List<UsageEvent> events) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (UsageEvent e : events) {
            futures.add(store.record(e));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private static List<UsageEvent> events(Random random, int n) {
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TenantId t = TENANTS.get(random.nextInt(TENANTS.size()));
            Instant at = START.plusSeconds(random.nextLong(SPAN_SECONDS)).plusNanos(random.nextInt(1_000_000_000));
            long wall = 1 + random.nextInt(50_000_000);
            events.add(UsageEvent.execution("ev-" + i, t, at, "execute", "succeeded",
                    new ExecutionUsage(random.nextInt(40_000_000), wall, random.nextInt(1 << 20), random.nextInt(20),
                            random.nextInt(1000), ExecutionUsage.memoryMbSeconds(64L << 20, wall))));
        }
        return events;
    }

    private static UsageSummary naive(List<UsageEvent> events, TenantId t, Instant from, Instant to) {
        UsageTotals sum = UsageTotals.ZERO;
        for (UsageEvent e : events) {
            if (e.tenant().equals(t) && !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)) {
                sum = sum.plus(UsageTotals.of(e));
            }
        }
        return sum.toSummary(t, from, to);
    }
}
