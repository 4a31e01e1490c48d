package dev.tenantry.core.transfer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.core.memory.InMemoryTenantDataStore;
import dev.tenantry.core.memory.InMemoryTenantStore;
import dev.tenantry.core.memory.InMemoryUsageStore;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Moving a tenant between two deployments on the memory stores, and every refusal of an import. */
class TenantTransferTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantLimits.StorageLimit ROOMY = new TenantLimits.StorageLimit(1 << 20, 100, 1 << 16);
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC);
    private final ObjectMapper mapper = new ObjectMapper();

    /** One deployment's stores. */
    private record Stores(InMemoryTenantStore tenants, InMemoryTenantDataStore data, UsageStore usage) {
        static Stores memory() {
            return new Stores(new InMemoryTenantStore(), new InMemoryTenantDataStore(), new InMemoryUsageStore());
        }

        TenantTransfer transfer() {
            return new TenantTransfer(tenants, data, usage, CLOCK);
        }
    }

    private static Stores sourceWithAcme() {
        Stores s = Stores.memory();
        TenantConfig created = SampleTenants.tenant("acme", T0);
        s.tenants().create(created);
        TenantConfig upgraded = created.withTier(Tier.PROFESSIONAL, created.limits(), T0.plusSeconds(3_600));
        s.tenants().update(upgraded);
        s.tenants().update(upgraded.withSettings(java.util.Map.of("industry", "retail"), T0.plusSeconds(7_200)));
        s.tenants().addKey(new ApiKey("k1", ACME, "a".repeat(64), "tnt_", T0, Optional.empty()));
        s.tenants().addKey(new ApiKey("k2", ACME, "b".repeat(64), "tnt_", T0, Optional.of(T0.plusSeconds(60))));
        s.data().put(ACME, "cart/1", "{\"items\":[1,2]}", ROOMY);
        s.data().put(ACME, "name", "\"ACME\"", ROOMY);
        s.usage().record(UsageEvent.execution("e1", ACME, T0.plusSeconds(5), "execute", "succeeded",
                new ExecutionUsage(1_000, 2_000, 300, 4, 10, new BigDecimal("0.128"))));
        s.usage().record(UsageEvent.execution("e2", ACME, T0.plusSeconds(4_000), "execute", "failed",
                new ExecutionUsage(5_000, 6_000, 700, 0, 0, new BigDecimal("1.500"))));
        return s;
    }

    private static byte[] export(Stores s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.transfer().exportTenant(ACME, out);
        return out.toByteArray();
    }

    @Test
    void movesConfigurationTierHistoryKeysDataAndUsage() throws Exception {
        Stores source = sourceWithAcme();
        Stores target = Stores.memory();

        TransferReport report = target.transfer().importTenant(new ByteArrayInputStream(export(source)));

        assertThat(report.tenant()).isEqualTo(ACME);
        assertThat(report.sections()).containsOnlyKeys(TenantTransfer.SECTIONS);
        assertThat(report.sections().get("kv").count()).isEqualTo(2);
        assertThat(target.tenants().find(ACME)).isEqualTo(source.tenants().find(ACME));
        assertThat(target.tenants().tierChanges(ACME)).isEqualTo(source.tenants().tierChanges(ACME));
        assertThat(target.tenants().keys(ACME)).isEqualTo(source.tenants().keys(ACME));
        assertThat(target.data().list(ACME, "", Optional.empty(), 10))
                .isEqualTo(source.data().list(ACME, "", Optional.empty(), 10));
        assertThat(target.data().usage(ACME)).isEqualTo(source.data().usage(ACME));
        Instant from = T0.minusSeconds(86_400);
        Instant to = T0.plusSeconds(86_400);
        assertThat(target.usage().usage(ACME, Granularity.HOUR, from, to))
                .isEqualTo(source.usage().usage(ACME, Granularity.HOUR, from, to));
        assertThat(target.usage().summarize(ACME, from, to).executions()).isEqualTo(2);
    }

    @Test
    void anExportIsTheSameDocumentWhenExportedAgainFromTheTarget() throws Exception {
        byte[] first = export(sourceWithAcme());
        Stores target = Stores.memory();
        target.transfer().importTenant(new ByteArrayInputStream(first));

        assertThat(mapper.readTree(export(target))).isEqualTo(mapper.readTree(first));
    }

    @Test
    void refusesATenantIdThatExists() throws Exception {
        Stores source = sourceWithAcme();
        byte[] doc = export(source);

        assertThatThrownBy(() -> source.transfer().importTenant(new ByteArrayInputStream(doc)))
                .isInstanceOf(TenantAlreadyExistsException.class);
    }

    @Test
    void refusesATenantIdThatOnlyHasDataLeft() throws Exception {
        byte[] doc = export(sourceWithAcme());
        Stores target = Stores.memory();
        target.data().put(ACME, "left-over", "1", ROOMY);

        assertThatThrownBy(() -> target.transfer().importTenant(new ByteArrayInputStream(doc)))
                .isInstanceOf(TenantAlreadyExistsException.class);
        assertThat(target.tenants().find(ACME)).isEmpty();
    }

    @Test
    void refusesAChangedSectionNamingItAndWritesNothing() throws Exception {
        ObjectNode doc = (ObjectNode) mapper.readTree(export(sourceWithAcme()));
        ((ObjectNode) doc.get("sections").get("api-keys").get(0)).put("secret-hash", "c".repeat(64));
        Stores target = Stores.memory();

        assertThatThrownBy(() -> target.transfer().importTenant(new ByteArrayInputStream(mapper.writeValueAsBytes(doc))))
                .isInstanceOfSatisfying(TransferDocumentException.class, e -> {
                    assertThat(e.section()).isEqualTo("api-keys");
                    assertThat(e).hasMessageContaining("sha256");
                });
        assertThat(target.tenants().find(ACME)).isEmpty();
        assertThat(target.tenants().findKey("k1")).isEmpty();
    }

    @Test
    void refusesADocumentThatIsNotJsonOrOfAnotherVersion() {
        Stores target = Stores.memory();

        assertThatThrownBy(() -> target.transfer().importTenant(stream("{\"format\":")))
                .isInstanceOfSatisfying(TransferDocumentException.class, e -> assertThat(e.section()).isEqualTo("document"));
        assertThatThrownBy(() -> target.transfer().importTenant(
                stream("{\"format\":\"tenantry-tenant-export\",\"version\":1,\"manifest\":{},\"sections\":{}}")))
                .isInstanceOf(TransferDocumentException.class).hasMessageContaining("version 2");
    }

    @Test
    void aMemoryStoreRefusesRollupsItsEventsDoNotExplainAndThePartlyImportedTenantIsRemoved() throws Exception {
        ObjectNode doc = (ObjectNode) mapper.readTree(export(sourceWithAcme()));
        // As a jdbc store exports a tenant whose oldest raw events fell out of the retention.
        ArrayNode events = (ArrayNode) doc.get("sections").get("usage-events");
        events.remove(0);
        ((ObjectNode) doc.get("manifest").get("usage-events")).put("count", 1)
                .put("sha256", sha256(mapper.writeValueAsBytes(events)));
        Stores target = Stores.memory();

        assertThatThrownBy(() -> target.transfer().importTenant(new ByteArrayInputStream(mapper.writeValueAsBytes(doc))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollups");
        assertThat(target.tenants().find(ACME)).isEmpty();
        assertThat(target.tenants().findKey("k1")).isEmpty();
        assertThat(target.data().usage(ACME).objects()).isZero();
    }

    @Test
    void aUsageStoreWithoutHistoryCannotExportAndSaysWhich() {
        Stores source = sourceWithAcme();
        UsageStore withoutHistory = new UsageStoreWithoutHistory(source.usage());
        TenantTransfer transfer = new TenantTransfer(source.tenants(), source.data(), withoutHistory, CLOCK);

        assertThatThrownBy(() -> transfer.exportTenant(ACME, new ByteArrayOutputStream()))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("UsageStoreWithoutHistory");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A store that keeps usage but offers no history, as a third-party store may. */
    private record UsageStoreWithoutHistory(UsageStore inner) implements UsageStore {
        @Override
        public java.util.concurrent.CompletableFuture<Void> record(UsageEvent event) {
            return inner.record(event);
        }

        @Override
        public UsageSummary summarize(TenantId tenant, Instant from, Instant to) {
            return inner.summarize(tenant, from, to);
        }

        @Override
        public List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to) {
            return inner.usage(tenant, granularity, from, to);
        }

        @Override
        public List<UsageSummary> summarizeAll(Instant from, Instant to) {
            return inner.summarizeAll(from, to);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
