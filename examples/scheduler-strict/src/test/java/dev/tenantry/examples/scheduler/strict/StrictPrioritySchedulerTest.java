package dev.tenantry.examples.scheduler.strict;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.scheduling.ScheduledTask;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictPrioritySchedulerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final TenantId LOW = TenantId.of("low");
    private static final TenantId HIGH = TenantId.of("high");
    private static final TenantId CRITICAL = TenantId.of("critical");
    private long sequence;

    private Scheduler scheduler(int workers, Map<String, String> config) {
        return new StrictPrioritySchedulerProvider().create(new TestingProviderContext(
                PluginConfig.of("scheduler", config), Clock.fixed(T0, ZoneOffset.UTC), workers, Path.of(".")));
    }

    private ScheduledTask task(TenantId tenant, Priority priority, Instant at) {
        return new ScheduledTask(++sequence, tenant, priority, priority.defaultWeight(), 1, 100, at,
                at.plus(Duration.ofMinutes(1)));
    }

    private static List<TenantId> runOneAtATime(Scheduler s, Instant now, int n) {
        List<TenantId> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScheduledTask t = s.next(now).orElseThrow();
            order.add(t.tenant());
            s.finished(t);
        }
        return order;
    }

    @Test
    void aHigherPriorityTaskStartsBeforeEveryLowerOneOfferedEarlier() {
        Scheduler s = scheduler(1, Map.of("max-worker-share", "1"));
        s.offer(task(LOW, Priority.LOW, T0));
        s.offer(task(LOW, Priority.LOW, T0));
        s.offer(task(HIGH, Priority.HIGH, T0));
        s.offer(task(CRITICAL, Priority.CRITICAL, T0));

        assertThat(runOneAtATime(s, T0, 4)).containsExactly(CRITICAL, HIGH, LOW, LOW);
    }

    @Test
    void aTaskWaitingPastPromoteAfterStartsBeforeHigherPriorities() {
        Scheduler s = scheduler(1, Map.of("max-worker-share", "1", "promote-after", "5s"));
        s.offer(task(LOW, Priority.LOW, T0));
        s.offer(task(CRITICAL, Priority.CRITICAL, T0.plusSeconds(4)));

        assertThat(runOneAtATime(s, T0.plusSeconds(4), 1)).as("before promotion").containsExactly(CRITICAL);
        s.offer(task(CRITICAL, Priority.CRITICAL, T0.plusSeconds(5)));
        assertThat(runOneAtATime(s, T0.plusSeconds(5), 2)).as("after promotion").containsExactly(LOW, CRITICAL);
    }

    @Test
    void bindsItsKeysAndDefaults() {
        assertThat(StrictPrioritySettings.bind(PluginConfig.empty("scheduler")))
                .isEqualTo(new StrictPrioritySettings(10_000, 0.5, Duration.ofSeconds(2)));
        assertThat(StrictPrioritySettings.bind(PluginConfig.of("scheduler", Map.of("provider", "strict-priority",
                "max-queued", "50", "max-worker-share", "0.25", "promote-after", "750ms"))))
                .isEqualTo(new StrictPrioritySettings(50, 0.25, Duration.ofMillis(750)));
    }

    @Test
    void rejectsABadPromoteAfterWithItsPath() {
        assertThatThrownBy(() -> scheduler(2, Map.of("promote-after", "soon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.promote-after");
    }
}
