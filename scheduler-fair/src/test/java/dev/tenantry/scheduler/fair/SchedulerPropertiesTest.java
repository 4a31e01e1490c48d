package dev.tenantry.scheduler.fair;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.Priority;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants of the three schedulers under random interleavings of offers, dispatches, completions,
 * cancellations and the passing of time, driven the way the platform drives them: {@code next} only while a
 * worker is free.
 */
class SchedulerPropertiesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final int TENANTS = 5;

    enum Kind {
        FAIR, PRIORITY_AGING, FIFO;

        Scheduler create(int workers, double share) {
            SchedulerSettings settings = new SchedulerSettings(40, share, Map.of());
            return switch (this) {
                case FAIR -> new FairScheduler(settings, workers);
                case PRIORITY_AGING -> new PriorityAgingScheduler(settings, workers);
                case FIFO -> new FifoScheduler(settings, workers);
            };
        }
    }

    /** The outcome of one random run. */
    private record Run(List<ScheduledTask> accepted, List<ScheduledTask> returned, List<String> violations) {
    }

    private static Run drive(Kind kind, int workers, List<Integer> ops) {
        Scheduler s = kind.create(workers, 0.5);
        int workerCap = new SchedulerSettings(40, 0.5, Map.of()).workerCap(workers);
        List<ScheduledTask> accepted = new ArrayList<>();
        List<ScheduledTask> returned = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Map<Long, ScheduledTask> running = new HashMap<>();
        Map<TenantId, Integer> runningByTenant = new HashMap<>();
        Map<TenantId, Integer> capOf = new HashMap<>();
        Instant now = T0;
        long seq = 0;
        for (int op : ops) {
            TenantId tenant = TenantId.of("t" + (op / 7) % TENANTS);
            switch (op % 7) {
                case 0, 1, 2 -> {
                    int cap = capOf.computeIfAbsent(tenant, t -> 1 + Math.abs(t.hashCode()) % 3);
                    Priority priority = Priority.values()[(op / 35) % 4];
                    ScheduledTask t = new ScheduledTask(++seq, tenant, priority, priority.defaultWeight(), cap, 6, now,
                            now.plus(Duration.ofSeconds(5 + op % 11)));
                    if (s.offer(t).isEmpty()) {
                        accepted.add(t);
                    }
                }
                case 3, 4 -> {
                    if (running.size() < workers) {
                        Optional<ScheduledTask> next = s.next(now);
                        if (next.isPresent()) {
                            ScheduledTask t = next.get();
                            returned.add(t);
                            running.put(t.sequence(), t);
                            int n = runningByTenant.merge(t.tenant(), 1, Integer::sum);
                            if (n > t.maxConcurrent()) {
                                violations.add(t.tenant() + " runs " + n + " > cap " + t.maxConcurrent());
                            }
                            // another tenant waits if it could start a task without passing its own share;
                            // when every waiting tenant is at its share, one of them may pass it (no idle worker)
                            boolean othersCouldStart = accepted.stream().anyMatch(a -> !a.tenant().equals(t.tenant())
                                    && s.queued(a.tenant()) > 0
                                    && runningByTenant.getOrDefault(a.tenant(), 0) < Math.min(a.maxConcurrent(), workerCap));
                            if (n > workerCap && othersCouldStart) {
                                violations.add(t.tenant() + " holds " + n + " workers > share " + workerCap
                                        + " while others wait");
                            }
                        }
                    }
                }
                case 5 -> {
                    if (!running.isEmpty()) {
                        ScheduledTask done = running.values().stream()
                                .skip(op % running.size()).findFirst().orElseThrow();
                        running.remove(done.sequence());
                        runningByTenant.merge(done.tenant(), -1, Integer::sum);
                        s.finished(done);
                    }
                }
                default -> {
                    now = now.plusSeconds(1 + op % 3);
                    returned.addAll(s.expire(now));
                    if (!accepted.isEmpty() && op % 2 == 0) {
                        ScheduledTask victim = accepted.get(op % accepted.size());
                        if (s.cancel(victim.sequence())) {
                            returned.add(victim);
                        }
                    }
                }
            }
        }
        // let every remaining task finish or time out, as the platform would
        for (int round = 0; round < 10_000 && s.queued() > 0; round++) {
            running.values().forEach(s::finished);
            running.clear();
            runningByTenant.clear();
            for (int w = 0; w < workers; w++) {
                Optional<ScheduledTask> next = s.next(now);
                if (next.isEmpty()) {
                    break;
                }
                returned.add(next.get());
                running.put(next.get().sequence(), next.get());
            }
            now = now.plusSeconds(1);
            returned.addAll(s.expire(now));
        }
        return new Run(accepted, returned, violations);
    }

    @Property(tries = 300)
    void aTenantNeverExceedsItsConcurrencyCapNorItsWorkerShareWhileOthersWait(
            @ForAll Kind kind, @ForAll @IntRange(min = 1, max = 6) int workers,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> ops) {
        Run run = drive(kind, workers, ops);

        assertThat(run.violations()).isEmpty();
    }

    @Property(tries = 200)
    void everyQueuedTaskIsDispatchedCancelledOrTimesOutExactlyOnce(
            @ForAll Kind kind, @ForAll @IntRange(min = 1, max = 6) int workers,
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 10_000) Integer> ops) {
        Run run = drive(kind, workers, ops);

        Set<Long> seen = new HashSet<>();
        for (ScheduledTask t : run.returned()) {
            assertThat(seen.add(t.sequence())).as("task %s returned once", t.sequence()).isTrue();
        }
        assertThat(run.returned()).containsExactlyInAnyOrderElementsOf(run.accepted());
    }
}
