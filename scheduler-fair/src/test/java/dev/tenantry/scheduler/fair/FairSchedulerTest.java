package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.tenant.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FairSchedulerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private long sequence;

    private ScheduledTask task(String tenant, Priority priority) {
        return new ScheduledTask(++sequence, TenantId.of(tenant), priority, priority.defaultWeight(), 100, 10_000,
                T0, T0.plus(Duration.ofHours(1)));
    }

    @Test
    void backloggedTenantsReceiveDispatchesInProportionToTheirWeights() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, Map.of()), 1);
        Priority[] priorities = Priority.values();
        for (int i = 0; i < 1_000; i++) {
            for (Priority p : priorities) {
                s.offer(task(p.id(), p));
            }
        }

        Map<String, Integer> dispatched = new HashMap<>();
        for (int i = 0; i < 150; i++) {
            ScheduledTask t = s.next(T0).orElseThrow();
            dispatched.merge(t.tenant().value(), 1, Integer::sum);
            s.finished(t);
        }

        // 150 dispatches are ten full rounds of 1 + 2 + 4 + 8
        assertThat(dispatched).containsExactlyInAnyOrderEntriesOf(
                Map.of("low", 10, "normal", 20, "high", 40, "critical", 80));
    }

    @Test
    void configuredWeightsReplaceTheTasksWeights() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0,
                Map.of(Priority.LOW, 3, Priority.CRITICAL, 1)), 1);
        for (int i = 0; i < 100; i++) {
            s.offer(task("low", Priority.LOW));
            s.offer(task("critical", Priority.CRITICAL));
        }

        Map<String, Integer> dispatched = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            ScheduledTask t = s.next(T0).orElseThrow();
            dispatched.merge(t.tenant().value(), 1, Integer::sum);
            s.finished(t);
        }

        assertThat(dispatched).containsEntry("low", 30).containsEntry("critical", 10);
    }

    @Test
    void aNewlyActiveTenantWaitsAtMostOneRound() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, Map.of()), 1);
        for (int i = 0; i < 1_000; i++) {
            s.offer(task("heavy", Priority.CRITICAL));
        }
        ScheduledTask first = s.next(T0).orElseThrow();
        s.finished(first);
        ScheduledTask light = task("light", Priority.LOW);
        s.offer(light);

        int decisions = 0;
        ScheduledTask t;
        do {
            t = s.next(T0).orElseThrow();
            s.finished(t);
            decisions++;
        } while (!t.equals(light));

        // the heavy tenant finishes its turn of 8, then the light tenant's turn comes
        assertThat(decisions).isLessThanOrEqualTo(Priority.CRITICAL.defaultWeight());
    }

    /** Dispatches and finishes {@code n} tasks on one worker. */
    private static void run(FairScheduler s, int n) {
        for (int i = 0; i < n; i++) {
            s.finished(s.next(T0).orElseThrow());
        }
    }

    @Test
    void aTenantBackFromIdleStartsAheadOfABackloggedTenant() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, 4, Map.of()), 1);
        for (int i = 0; i < 1_000; i++) {
            s.offer(task("heavy", Priority.CRITICAL));
        }
        // the heavy tenant's own fresh turns (4 of 8) and one backlogged turn, then one task into the next
        run(s, 4 * 8 + 8 + 1);
        for (int i = 0; i < 3; i++) {
            s.offer(task("light", Priority.NORMAL));
        }

        for (int i = 0; i < 3; i++) {
            ScheduledTask t = s.next(T0).orElseThrow();
            assertThat(t.tenant().value()).isEqualTo("light");
            s.finished(t);
        }
        assertThat(s.next(T0).orElseThrow().tenant().value()).isEqualTo("heavy");
    }

    @Test
    void withoutFreshTurnsATenantBackFromIdleWaitsForTheTurnInProgress() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, 0, Map.of()), 1);
        for (int i = 0; i < 1_000; i++) {
            s.offer(task("heavy", Priority.CRITICAL));
        }
        run(s, 1);
        s.offer(task("light", Priority.NORMAL));

        for (int i = 0; i < 7; i++) {
            ScheduledTask t = s.next(T0).orElseThrow();
            assertThat(t.tenant().value()).isEqualTo("heavy");
            s.finished(t);
        }
        assertThat(s.next(T0).orElseThrow().tenant().value()).isEqualTo("light");
    }

    @Test
    void aTenantCannotStayFreshByGoingIdleBetweenTasks() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, 4, Map.of()), 1);
        for (int i = 0; i < 1_000; i++) {
            s.offer(task("heavy", Priority.NORMAL));
        }
        s.offer(task("light", Priority.NORMAL));

        // the light tenant offers its next task as soon as its last one finished, so it is idle in between:
        // were it fresh each time, it would take every dispatch and the heavy tenant none
        Map<String, Integer> dispatched = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            ScheduledTask t = s.next(T0).orElseThrow();
            dispatched.merge(t.tenant().value(), 1, Integer::sum);
            s.finished(t);
            if (t.tenant().value().equals("light")) {
                s.offer(task("light", Priority.NORMAL));
            }
        }

        // in the backlogged ring the light tenant, with one task at a time, starts one per round of the
        // heavy tenant's two
        assertThat(dispatched.get("heavy")).isGreaterThanOrEqualTo(190);
        assertThat(dispatched.get("light")).isGreaterThanOrEqualTo(95);
    }

    @Test
    void tenantsWithOneTaskAtATimeCannotStarveABackloggedTenantBetweenThem() {
        FairScheduler s = new FairScheduler(new SchedulerSettings(100_000, 1.0, 4, Map.of()), 2);
        for (int i = 0; i < 1_000; i++) {
            s.offer(task("heavy", Priority.NORMAL));
        }
        for (String light : new String[] {"a", "b", "c"}) {
            s.offer(task(light, Priority.NORMAL));
        }
        java.util.ArrayDeque<ScheduledTask> running = new java.util.ArrayDeque<>();
        running.add(s.next(T0).orElseThrow());
        running.add(s.next(T0).orElseThrow());

        // two workers: the oldest task finishes, a light tenant offers its next task at once, a task starts
        Map<String, Integer> dispatched = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            ScheduledTask done = running.pollFirst();
            s.finished(done);
            if (!done.tenant().value().equals("heavy")) {
                s.offer(task(done.tenant().value(), Priority.NORMAL));
            }
            ScheduledTask t = s.next(T0).orElseThrow();
            dispatched.merge(t.tenant().value(), 1, Integer::sum);
            running.addLast(t);
        }

        // a round of the backlogged ring is the heavy tenant's two and one of each light tenant's: 2 of 5
        assertThat(dispatched.get("heavy")).isGreaterThanOrEqualTo(350);
    }
}
