package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageEvent;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two rollers (two nodes on one database) share a backlog: while one holds the events it read, the other
 * reads the next ones instead of the same ones, so neither loses its claim. Forced here at exactly that point:
 * the second roller runs whole between the first one's read and its claim. MySQL/MariaDB only: on H2 the
 * commits roll up their own events.
 */
class ConcurrentRollupTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private static final int EVENTS = 100;
    private static final int BATCH = 40;

    @Test
    void aRollerRunningBetweenAnothersReadAndClaimTakesOtherEvents() throws Exception {
        try (TestDatabase db = TestDatabase.mysql();
             JdbcUsageStore lagging = db.usageStoreWithoutBackgroundRollup()) {
            for (int i = 0; i < EVENTS; i++) {
                lagging.record(UsageEvent.execution("e" + i, ACME, T0.plusSeconds(60L * i), "execute", "succeeded",
                        new ExecutionUsage(1_000_000, 2_000_000, 64, 1, 10, new BigDecimal("0.128"))))
                        .get(30, TimeUnit.SECONDS);
            }
            UsageRollup other = new UsageRollup(db.database(), BATCH);
            // The first statement of a rollup transaction is its read of the pending events.
            BetweenStatements secondRoller = BetweenStatements.after(sql -> sql.startsWith("select")
                    && sql.contains("rolled_up"), other::rollUpOnce);
            UsageRollup first = new UsageRollup(db.database().observedBy(secondRoller), BATCH);

            int firstRolledUp = first.rollUpOnce();

            assertThat(secondRoller.result()).as("the second roller, between the first one's read and claim")
                    .isEqualTo(BATCH);
            assertThat(firstRolledUp).as("the first roller's claim").isEqualTo(BATCH);
            assertThat(lagging.notRolledUp()).isEqualTo(EVENTS - 2 * BATCH);
            assertThat(other.rollUpPending()).isEqualTo(EVENTS - 2 * BATCH);
            Long hourly = db.database().dsl().select(DSL.sum(USAGE_HOURLY.EXECUTIONS)).from(USAGE_HOURLY)
                    .where(USAGE_HOURLY.TENANT_ID.eq(ACME.value())).fetchOne(0, Long.class);
            assertThat(hourly).isEqualTo(EVENTS);
        }
    }
}
