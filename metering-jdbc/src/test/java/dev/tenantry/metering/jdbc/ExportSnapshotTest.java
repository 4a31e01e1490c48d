package dev.tenantry.metering.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageArchive;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both exports read one snapshot: a rollup that commits between the export's read of the raw events and its
 * read of the rollups (forced here, on another connection, at exactly that point) changes nothing in the
 * export. Read at the servers' default levels, those events would count twice: once as pending, once in the
 * rollup rows. MySQL/MariaDB only: on H2 the writer rolls up in its own transaction, so no event is ever
 * pending there.
 */
class ExportSnapshotTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private static final int EVENTS = 12;

    @Test
    void usageHistoryIsOneSnapshotWhenTheRollupCommitsBetweenItsReads() throws Exception {
        try (TestDatabase db = TestDatabase.mysql();
             JdbcUsageStore lagging = db.usageStoreWithoutBackgroundRollup()) {
            record(lagging);
            BetweenStatements rollUp = rollUpBeforeReadingRollups(lagging);

            UsageArchive archive = new JdbcUsageHistory(db.database().observedBy(rollUp)).read(ACME);

            assertThat(rollUp.result()).as("events the rollup reached in the middle of the read").isEqualTo(EVENTS);
            assertThat(archive.events()).hasSize(EVENTS);
            assertThat(archive.hourly().stream().mapToLong(UsageSummary::executions).sum()).isEqualTo(EVENTS);
            assertThat(archive.daily().stream().mapToLong(UsageSummary::executions).sum()).isEqualTo(EVENTS);
        }
    }

    @Test
    void tenantExportIsOneSnapshotWhenTheRollupCommitsBetweenItsReads() throws Exception {
        try (TestDatabase db = TestDatabase.mysql();
             JdbcUsageStore lagging = db.usageStoreWithoutBackgroundRollup()) {
            new JdbcTenantStoreProvider().create(db.context()).create(SampleTenants.tenant("acme", T0));
            record(lagging);
            BetweenStatements rollUp = rollUpBeforeReadingRollups(lagging);
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            new TenantMigration(db.database().observedBy(rollUp), db.context().clock()).exportTenant(ACME, out);

            assertThat(rollUp.result()).as("events the rollup reached in the middle of the export").isEqualTo(EVENTS);
            JsonNode usage = new ObjectMapper().readTree(out.toByteArray()).get("sections");
            assertThat(usage.get("usage-events")).hasSize(EVENTS);
            assertThat(executions(usage.get("usage-hourly"))).isEqualTo(EVENTS);
            assertThat(executions(usage.get("usage-daily"))).isEqualTo(EVENTS);
        }
    }

    /** Records the events, over two hours, and leaves all of them to the rollup. */
    private static void record(JdbcUsageStore store) throws Exception {
        for (int i = 0; i < EVENTS; i++) {
            store.record(UsageEvent.execution("e" + i, ACME, T0.plusSeconds(600L * i), "execute", "succeeded",
                    new ExecutionUsage(1_000_000, 2_000_000, 64, 1, 10, new BigDecimal("0.128"))))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(store.notRolledUp()).isEqualTo(EVENTS);
    }

    private static long executions(JsonNode rollupRows) {
        long sum = 0;
        for (JsonNode row : rollupRows) {
            sum += row.get("executions").asLong();
        }
        return sum;
    }

    /** Just before the export's first read of a rollup table, rolls up every pending event and waits for it. */
    private static BetweenStatements rollUpBeforeReadingRollups(JdbcUsageStore store) {
        return BetweenStatements.before(sql -> sql.contains("usage_hourly"), store::rollUpPending);
    }
}
