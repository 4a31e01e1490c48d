package dev.tenantry.testkit.scheduling;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link Scheduler} must do: respect each tenant's concurrency cap at dispatch, keep the per-tenant
 * and global queues bounded (refusing with {@code queue_full} and a retry-after), expire tasks at their
 * deadline, return every offered task exactly once, and never let one tenant hold more than
 * {@code max-worker-share} of the workers while another tenant, under its own share, could start a task (and never
 * leave a worker idle because of that rule).
 *
 * <p>Extend it and return the provider under test from {@link #provider()}. The provider must accept the
 * configuration keys {@code max-queued} and {@code max-worker-share} and reject unknown keys.
 */
public abstract class SchedulerContract {
    /** A time far from any edge; tasks are offered at it unless a test says otherwise. */
    protected static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");
    private static final TenantId C = TenantId.of("tenant-c");

    private final List<Scheduler> created = new ArrayList<>();
    private long sequence;

    /** {@return the provider under test} */
    protected abstract SchedulerProvider provider();

    /** {@return a scheduler for {@code workers} worker slots with the given configuration} */
    protected final Scheduler scheduler(int workers, Map<String, String> config) {
        TestingProviderContext context = new TestingProviderContext(PluginConfig.of("scheduler", config),
                Clock.fixed(T0, ZoneOffset.UTC), workers, Path.of("."));
        Scheduler scheduler = provider().create(context);
        created.add(scheduler);
        return scheduler;
    }

    @AfterEach
    final void closeSchedulers() {
        created.forEach(Scheduler::close);
    }

    /** {@return a new task of {@code tenant} with the given caps, offered at {@code at}, due 30 s later} */
    protected final ScheduledTask task(TenantId tenant, int maxConcurrent, int maxQueued, Instant at) {
        return new ScheduledTask(++sequence, tenant, Priority.NORMAL, Priority.NORMAL.defaultWeight(), maxConcurrent,
                maxQueued, at, at.plus(TIMEOUT));
    }

    private ScheduledTask task(TenantId tenant) {
        return task(tenant, 4, 100, T0);
    }

    private static void offerAll(Scheduler s, List<ScheduledTask> tasks) {
        for (ScheduledTask t : tasks) {
            assertThat(s.offer(t)).isEmpty();
        }
    }

    private static List<ScheduledTask> dispatchAll(Scheduler s, Instant now) {
        List<ScheduledTask> out = new ArrayList<>();
        for (Optional<ScheduledTask> t = s.next(now); t.isPresent(); t = s.next(now)) {
            out.add(t.get());
        }
        return out;
    }

    @Test
    void providerNameIsStableLowerCase() {
        assertThat(provider().name()).matches("[a-z][a-z0-9-]*");
    }

    @Test
    void anEmptySchedulerDispatchesNothing() {
        Scheduler s = scheduler(4, Map.of());

        assertThat(s.next(T0)).isEmpty();
        assertThat(s.queued()).isZero();
        assertThat(s.nextDeadline()).isEmpty();
    }

    @Test
    void dispatchesAnOfferedTaskAndCountsItRunning() {
        Scheduler s = scheduler(4, Map.of());
        ScheduledTask t = task(A);

        assertThat(s.offer(t)).isEmpty();
        assertThat(s.queued()).isEqualTo(1);
        assertThat(s.queued(A)).isEqualTo(1);

        assertThat(s.next(T0)).contains(t);
        assertThat(s.queued()).isZero();
        assertThat(s.running(A)).isEqualTo(1);

        s.finished(t);
        assertThat(s.running(A)).isZero();
    }

    @Test
    void dispatchesOneTenantsTasksInTheOrderOffered() {
        Scheduler s = scheduler(8, Map.of("max-worker-share", "1"));
        List<ScheduledTask> tasks = List.of(task(A), task(A), task(A));
        offerAll(s, tasks);

        assertThat(dispatchAll(s, T0)).containsExactlyElementsOf(tasks);
    }

    @Test
    void neverDispatchesMoreThanATenantsConcurrencyCap() {
        Scheduler s = scheduler(8, Map.of("max-worker-share", "1"));
        for (int i = 0; i < 5; i++) {
            s.offer(task(A, 2, 100, T0));
        }

        List<ScheduledTask> started = dispatchAll(s, T0);

        assertThat(started).hasSize(2);
        assertThat(s.running(A)).isEqualTo(2);
        assertThat(s.queued(A)).isEqualTo(3);
    }

    @Test
    void aFinishedTaskFreesItsTenantsSlot() {
        Scheduler s = scheduler(8, Map.of("max-worker-share", "1"));
        ScheduledTask first = task(A, 1, 100, T0);
        ScheduledTask second = task(A, 1, 100, T0);
        offerAll(s, List.of(first, second));

        assertThat(s.next(T0)).contains(first);
        assertThat(s.next(T0)).isEmpty();
        s.finished(first);

        assertThat(s.next(T0)).contains(second);
    }

    @Test
    void refusesToFinishATaskThatIsNotRunning() {
        Scheduler s = scheduler(4, Map.of());
        ScheduledTask t = task(A);
        s.offer(t);

        assertThatThrownBy(() -> s.finished(t)).isInstanceOf(IllegalArgumentException.class);
        s.next(T0);
        s.finished(t);
        assertThatThrownBy(() -> s.finished(t)).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.running(A)).isZero();
    }

    @Test
    void aTenantAtItsCapDoesNotBlockOthers() {
        Scheduler s = scheduler(8, Map.of("max-worker-share", "1"));
        ScheduledTask a1 = task(A, 1, 100, T0);
        ScheduledTask a2 = task(A, 1, 100, T0);
        ScheduledTask b1 = task(B, 1, 100, T0);
        offerAll(s, List.of(a1, a2, b1));

        assertThat(dispatchAll(s, T0)).containsExactlyInAnyOrder(a1, b1);
    }

    @Test
    void refusesATaskBeyondItsTenantsQueueBoundWithQueueFullAndRetryAfter() {
        Scheduler s = scheduler(4, Map.of());
        s.offer(task(A, 1, 2, T0));
        s.offer(task(A, 1, 2, T0));

        Optional<LimitRejection> rejection = s.offer(task(A, 1, 2, T0));

        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.tenant()).isEqualTo(A);
            assertThat(r.limitType()).isEqualTo(LimitType.QUEUE_FULL);
            assertThat(r.limit()).isEqualTo(2);
            assertThat(r.current()).isEqualTo(2);
            assertThat(r.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, TIMEOUT));
        });
        assertThat(s.queued(A)).isEqualTo(2);
    }

    @Test
    void refusesATaskBeyondTheGlobalQueueBound() {
        Scheduler s = scheduler(4, Map.of("max-queued", "3"));
        offerAll(s, List.of(task(A), task(B), task(C)));

        Optional<LimitRejection> rejection = s.offer(task(TenantId.of("tenant-d")));

        assertThat(rejection).hasValueSatisfying(r -> {
            assertThat(r.limitType()).isEqualTo(LimitType.QUEUE_FULL);
            assertThat(r.limit()).isEqualTo(3);
            assertThat(r.current()).isEqualTo(3);
            assertThat(r.retryAfter()).isPresent();
        });
        assertThat(s.queued()).isEqualTo(3);
    }

    @Test
    void aTenantWithAQueueBoundOfZeroCannotQueue() {
        Scheduler s = scheduler(4, Map.of());

        assertThat(s.offer(task(A, 1, 0, T0))).hasValueSatisfying(r -> {
            assertThat(r.limitType()).isEqualTo(LimitType.QUEUE_FULL);
            assertThat(r.limit()).isZero();
            assertThat(r.retryAfter()).as("waiting cannot help a queue bound of zero").isEmpty();
        });
    }

    @Test
    void expiresTasksAtTheirDeadlineOldestFirstAndNeverDispatchesThem() {
        Scheduler s = scheduler(4, Map.of());
        ScheduledTask early = task(A, 1, 100, T0);
        ScheduledTask later = task(B, 1, 100, T0.plusSeconds(5));
        ScheduledTask running = task(C, 1, 100, T0);
        offerAll(s, List.of(early, later, running));
        // one of the three starts; the other two stay queued until their deadline
        ScheduledTask started = s.next(T0).orElseThrow();

        List<ScheduledTask> expired = s.expire(T0.plus(TIMEOUT).plusSeconds(5));

        List<ScheduledTask> expected = new ArrayList<>(List.of(early, later, running));
        expected.remove(started);
        assertThat(expired).containsExactlyElementsOf(expected);
        assertThat(s.queued()).isZero();
        assertThat(s.next(T0.plus(TIMEOUT).plusSeconds(5))).isEmpty();
    }

    @Test
    void expiresNothingBeforeTheDeadline() {
        Scheduler s = scheduler(4, Map.of());
        s.offer(task(A));

        assertThat(s.expire(T0.plus(TIMEOUT).minusNanos(1))).isEmpty();
        assertThat(s.expire(T0.plus(TIMEOUT))).hasSize(1);
    }

    @Test
    void reportsTheEarliestDeadlineOfQueuedTasksOnly() {
        Scheduler s = scheduler(4, Map.of("max-worker-share", "1"));
        ScheduledTask first = task(A, 1, 100, T0);
        ScheduledTask second = task(A, 1, 100, T0.plusSeconds(10));
        offerAll(s, List.of(first, second));
        assertThat(s.nextDeadline()).contains(first.deadline());

        assertThat(s.next(T0)).contains(first);

        assertThat(s.nextDeadline()).contains(second.deadline());
    }

    @Test
    void cancelRemovesAQueuedTaskOnce() {
        Scheduler s = scheduler(4, Map.of());
        ScheduledTask t = task(A);
        s.offer(t);

        assertThat(s.cancel(t.sequence())).isTrue();
        assertThat(s.cancel(t.sequence())).isFalse();
        assertThat(s.queued()).isZero();
        assertThat(s.next(T0)).isEmpty();
    }

    @Test
    void cancelOfARunningOrUnknownTaskIsFalse() {
        Scheduler s = scheduler(4, Map.of());
        ScheduledTask t = task(A);
        s.offer(t);
        s.next(T0);

        assertThat(s.cancel(t.sequence())).isFalse();
        assertThat(s.cancel(987_654)).isFalse();
    }

    @Test
    void drainReturnsEveryQueuedTaskAndLeavesNothing() {
        Scheduler s = scheduler(4, Map.of());
        List<ScheduledTask> tasks = List.of(task(A), task(B), task(A));
        offerAll(s, tasks);

        assertThat(s.drain()).containsExactlyInAnyOrderElementsOf(tasks);
        assertThat(s.queued()).isZero();
        assertThat(s.next(T0)).isEmpty();
    }

    @Test
    void aTenantHoldsAtMostItsWorkerShareWhileAnotherWaits() {
        Scheduler s = scheduler(4, Map.of("max-worker-share", "0.5"));
        // A is offered first and weighs eight times B: without the rule every policy would give it all four
        for (int i = 0; i < 6; i++) {
            s.offer(new ScheduledTask(++sequence, A, Priority.CRITICAL, Priority.CRITICAL.defaultWeight(), 4, 100,
                    T0.minusSeconds(1), T0.plus(TIMEOUT)));
        }
        for (int i = 0; i < 6; i++) {
            s.offer(new ScheduledTask(++sequence, B, Priority.LOW, Priority.LOW.defaultWeight(), 4, 100, T0,
                    T0.plus(TIMEOUT)));
        }

        for (int i = 0; i < 4; i++) {
            s.next(T0).orElseThrow();
        }

        assertThat(s.running(A)).isEqualTo(2);
        assertThat(s.running(B)).isEqualTo(2);
    }

    @Test
    void theWorkerShareNeverLeavesAWorkerIdleWhenNoOneElseWaits() {
        Scheduler s = scheduler(4, Map.of("max-worker-share", "0.5"));
        for (int i = 0; i < 6; i++) {
            s.offer(task(A, 4, 100, T0));
        }

        assertThat(dispatchAll(s, T0)).hasSize(4);
        assertThat(s.running(A)).isEqualTo(4);
    }

    @Test
    void theDefaultWorkerShareIsHalfTheWorkers() {
        Scheduler s = scheduler(4, Map.of());
        for (int i = 0; i < 4; i++) {
            s.offer(task(A, 4, 100, T0));
            s.offer(task(B, 4, 100, T0));
        }
        s.offer(task(C, 4, 100, T0));

        for (int i = 0; i < 4; i++) {
            s.next(T0).orElseThrow();
        }

        assertThat(s.running(A)).isLessThanOrEqualTo(2);
        assertThat(s.running(B)).isLessThanOrEqualTo(2);
    }

    @Test
    void aLightTenantIsNotStarvedByABacklogOfAHeavierOne() {
        Scheduler s = scheduler(1, Map.of("max-worker-share", "1", "max-queued", "100000"));
        Instant now = T0;
        for (int i = 0; i < 50; i++) {
            s.offer(new ScheduledTask(++sequence, A, Priority.CRITICAL, Priority.CRITICAL.defaultWeight(), 1, 1_000,
                    now, now.plus(Duration.ofHours(1))));
        }
        ScheduledTask light = new ScheduledTask(++sequence, B, Priority.LOW, Priority.LOW.defaultWeight(), 1, 1_000,
                now, now.plus(Duration.ofHours(1)));
        s.offer(light);

        boolean dispatched = false;
        for (int step = 0; step < 1_000 && !dispatched; step++) {
            now = now.plusMillis(10);
            // the heavy tenant keeps its backlog topped up
            s.offer(new ScheduledTask(++sequence, A, Priority.CRITICAL, Priority.CRITICAL.defaultWeight(), 1, 1_000,
                    now, now.plus(Duration.ofHours(1))));
            ScheduledTask t = s.next(now).orElseThrow();
            dispatched = t.equals(light);
            s.finished(t);
        }

        assertThat(dispatched).as("the low-priority task ran within 1000 decisions").isTrue();
    }

    @Test
    void returnsEveryOfferedTaskExactlyOnce() {
        Scheduler s = scheduler(3, Map.of("max-queued", "20"));
        List<ScheduledTask> offered = new ArrayList<>();
        List<ScheduledTask> returned = new ArrayList<>();
        Map<Long, ScheduledTask> running = new HashMap<>();
        TenantId[] tenants = {A, B, C};
        Instant now = T0;
        for (int step = 0; step < 300; step++) {
            now = now.plusMillis(500);
            ScheduledTask t = task(tenants[step % 3], 1 + step % 2, 5, now);
            if (s.offer(t).isEmpty()) {
                offered.add(t);
            }
            if (step % 4 == 0) {
                s.next(now).ifPresent(r -> {
                    returned.add(r);
                    running.put(r.sequence(), r);
                });
            }
            if (step % 6 == 0 && !running.isEmpty()) {
                ScheduledTask done = running.values().iterator().next();
                running.remove(done.sequence());
                s.finished(done);
            }
            if (step % 7 == 0 && !offered.isEmpty()) {
                long seq = offered.get(step % offered.size()).sequence();
                if (s.cancel(seq)) {
                    returned.add(offered.stream().filter(o -> o.sequence() == seq).findFirst().orElseThrow());
                }
            }
            returned.addAll(s.expire(now));
        }
        returned.addAll(s.drain());

        Set<Long> seen = new HashSet<>();
        for (ScheduledTask r : returned) {
            assertThat(seen.add(r.sequence())).as("task %s returned once", r.sequence()).isTrue();
        }
        assertThat(returned).containsExactlyInAnyOrderElementsOf(offered);
    }

    @Test
    void rejectsAnUnknownConfigurationKeyWithItsPath() {
        assertThatThrownBy(() -> scheduler(4, Map.of("max-queue", "10")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.max-queue");
    }

    @Test
    void rejectsAWorkerShareOutsideZeroToOne() {
        assertThatThrownBy(() -> scheduler(4, Map.of("max-worker-share", "1.5")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.max-worker-share");
    }
}
