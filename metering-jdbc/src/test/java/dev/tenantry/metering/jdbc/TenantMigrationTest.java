package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantMigrationTest {
    private static final TenantId ACME = TenantId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30.123456789Z");
    private static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aTenantMovesWithItsConfigurationKeysDataAndUsage() throws Exception {
        try (TestDatabase source = TestDatabase.h2(); TestDatabase target = TestDatabase.h2()) {
            seed(source);
            ByteArrayOutputStream doc = new ByteArrayOutputStream();
            TenantMigration.Report exported = new TenantMigration(source.database(), source.context().clock())
                    .exportTenant(ACME, doc);

            TenantMigration.Report imported = new TenantMigration(target.database(), target.context().clock())
                    .importTenant(new ByteArrayInputStream(doc.toByteArray()));

            assertThat(imported).isEqualTo(exported);
            assertThat(exported.sections()).extractingFromEntries(e -> e.getKey() + "=" + e.getValue().count())
                    .containsExactly("tenant=1", "tier-changes=1", "api-keys=2", "kv=2", "usage-events=2",
                            "usage-hourly=3", "usage-daily=3");
            TenantStore from = new JdbcTenantStoreProvider().create(source.context());
            TenantStore to = new JdbcTenantStoreProvider().create(target.context());
            assertThat(to.find(ACME)).isEqualTo(from.find(ACME));
            assertThat(to.keys(ACME)).isEqualTo(from.keys(ACME));
            assertThat(to.tierChanges(ACME)).isEqualTo(from.tierChanges(ACME));
            TenantDataStore data = new JdbcTenantDataStoreProvider().create(target.context());
            assertThat(data.get(ACME, "profile")).contains("{\"name\":\"Zoë\"}");
            assertThat(data.usage(ACME)).isEqualTo(new JdbcTenantDataStoreProvider().create(source.context()).usage(ACME));
            try (JdbcUsageStore a = source.usageStore(); JdbcUsageStore b = target.usageStore()) {
                assertThat(b.summarize(ACME, NOV_1, DEC_1)).isEqualTo(a.summarize(ACME, NOV_1, DEC_1));
                assertThat(b.usage(ACME, Granularity.HOUR, NOV_1, DEC_1)).isEqualTo(a.usage(ACME, Granularity.HOUR, NOV_1, DEC_1));
            }
        }
    }

    @Test
    void usageTheRollupHasNotReachedMovesInTheExportedRollups() throws Exception {
        try (TestDatabase source = TestDatabase.mysql(); TestDatabase target = TestDatabase.h2()) {
            seed(source);
            try (JdbcUsageStore lagging = source.usageStoreWithoutBackgroundRollup()) {
                for (int i = 0; i < 2; i++) {
                    lagging.record(UsageEvent.execution("p" + i, ACME, T0.plusSeconds(7_200 + i), "execute",
                            "succeeded", new ExecutionUsage(700_000, 900_000, 10, 2, 5, new BigDecimal("0.064"))))
                            .get(10, TimeUnit.SECONDS);
                }
                assertThat(lagging.notRolledUp()).isEqualTo(2);

                new TenantMigration(target.database(), target.context().clock())
                        .importTenant(new ByteArrayInputStream(export(source)));

                assertThat(lagging.notRolledUp()).as("export reads, it does not roll up").isEqualTo(2);
                try (JdbcUsageStore imported = target.usageStore()) {
                    assertThat(imported.summarize(ACME, NOV_1, DEC_1).executions()).isEqualTo(5);
                    assertThat(imported.summarize(ACME, NOV_1, DEC_1)).isEqualTo(lagging.summarize(ACME, NOV_1, DEC_1));
                    for (Granularity g : Granularity.values()) {
                        assertThat(imported.usage(ACME, g, NOV_1, DEC_1)).isEqualTo(lagging.usage(ACME, g, NOV_1, DEC_1));
                    }
                }
            }
        }
    }

    @Test
    void importRefusesATenantIdThatExists() throws Exception {
        try (TestDatabase source = TestDatabase.h2(); TestDatabase target = TestDatabase.h2()) {
            seed(source);
            new JdbcTenantStoreProvider().create(target.context()).create(SampleTenants.tenant("acme", NOV_1));
            byte[] doc = export(source);

            assertThatThrownBy(() -> new TenantMigration(target.database(), target.context().clock())
                    .importTenant(new ByteArrayInputStream(doc)))
                    .isInstanceOf(TenantAlreadyExistsException.class);
        }
    }

    @Test
    void importRefusesADocumentWhoseContentDoesNotMatchItsChecksumsAndWritesNothing() throws Exception {
        try (TestDatabase source = TestDatabase.h2(); TestDatabase target = TestDatabase.h2()) {
            seed(source);
            String doc = new String(export(source), StandardCharsets.UTF_8);
            String tampered = doc.replace("\"cpu-nanos\" : 1500000", "\"cpu-nanos\" : 1");
            assertThat(tampered).isNotEqualTo(doc);

            assertThatThrownBy(() -> new TenantMigration(target.database(), target.context().clock())
                    .importTenant(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("checksum");
            assertThat(new JdbcTenantStoreProvider().create(target.context()).find(ACME)).isEmpty();
        }
    }

    @Test
    void exportOfAnUnknownTenantFails() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            assertThatThrownBy(() -> new TenantMigration(db.database(), db.context().clock())
                    .exportTenant(TenantId.of("ghost"), new ByteArrayOutputStream()))
                    .hasMessageContaining("ghost");
        }
    }

    private static byte[] export(TestDatabase db) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TenantMigration(db.database(), db.context().clock()).exportTenant(ACME, out);
        return out.toByteArray();
    }

    private static void seed(TestDatabase db) throws Exception {
        TenantStore tenants = new JdbcTenantStoreProvider().create(db.context());
        TenantConfig acme = tenants.create(SampleTenants.tenant("acme", T0).withSettings(Map.of("industry", "retail"), T0));
        tenants.update(acme.withTier(Tier.BUSINESS, acme.limits(), T0.plusSeconds(3600)));
        tenants.addKey(new ApiKey("k1", ACME, "a".repeat(64), "tnt_", T0, Optional.empty()));
        tenants.addKey(new ApiKey("k2", ACME, "b".repeat(64), "tnt_", T0.plusSeconds(1), Optional.of(T0.plusSeconds(2))));
        tenants.create(SampleTenants.tenant("other", T0));
        TenantDataStore data = new JdbcTenantDataStoreProvider().create(db.context());
        data.put(ACME, "profile", "{\"name\":\"Zoë\"}", SampleTenants.limits().storage());
        data.put(ACME, "count", "42", SampleTenants.limits().storage());
        data.put(TenantId.of("other"), "secret", "1", SampleTenants.limits().storage());
        try (JdbcUsageStore usage = db.usageStore()) {
            for (int i = 0; i < 3; i++) {
                usage.record(UsageEvent.execution("x" + i, ACME, T0.plusSeconds(i * 86_400L), "execute", "succeeded",
                        new ExecutionUsage(1_500_000, 2_000_000, 10, 1, 5, new BigDecimal("0.128"))))
                        .get(10, TimeUnit.SECONDS);
            }
            usage.record(UsageEvent.execution("y", TenantId.of("other"), T0, "execute", "succeeded",
                    ExecutionUsage.NONE)).get(10, TimeUnit.SECONDS);
            // The oldest raw event has rolled up and gone: its usage must still move with the rollups.
            usage.purgeRawEventsBefore(T0.plusSeconds(1));
        }
    }
}
