package dev.tenantry.core.admission;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.TierChange;
import dev.tenantry.testkit.SampleTenants;
import dev.tenantry.testkit.quota.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamicLimitPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3_600);

    private final Tenants tenants = new Tenants();
    private final List<PlatformEvent> events = new ArrayList<>();
    private final ManualClock clock = new ManualClock(T1);

    private DynamicLimitPolicy policy(LimitRule... rules) {
        return new DynamicLimitPolicy(tenants, tenants, events::add, clock, List.of(rules));
    }

    private TenantConfig tenantWithStorage(String id, long maxBytes, long usedBytes) {
        TenantLimits limits = SampleTenants.limits();
        TenantLimits.StorageLimit s = limits.storage();
        TenantConfig t = SampleTenants.tenant(id, T0)
                .withLimits(limits.withStorage(new TenantLimits.StorageLimit(maxBytes, s.maxObjects(), s.maxObjectBytes())), T0);
        tenants.create(t);
        tenants.usage.put(t.id(), new StorageUsage(usedBytes, 10));
        return t;
    }

    @Test
    void theSeedRuleRaisesStoragePastEightyPercentByHalfAndPublishesOldAndNewValue() {
        TenantConfig t = tenantWithStorage("acme", 1_000, 801);

        List<PlatformEvent.LimitChanged> changes = policy(LimitRule.seedStorageGrowth()).adjustAll();

        PlatformEvent.LimitChanged expected = new PlatformEvent.LimitChanged(t.id(), T1, "storage.maxBytes", "1000", "1500",
                "storage.maxBytes usage above 80% of its limit");
        assertThat(changes).containsExactly(expected);
        assertThat(events).containsExactly(expected);
        assertThat(tenants.find(t.id()).orElseThrow().limits().storage().maxBytes()).isEqualTo(1_500);
        assertThat(tenants.find(t.id()).orElseThrow().updatedAt()).isEqualTo(T1);
    }

    @Test
    void leavesATenantAtOrBelowTheFractionUnchanged() {
        TenantConfig t = tenantWithStorage("acme", 1_000, 800);

        assertThat(policy(LimitRule.seedStorageGrowth()).adjust(t.id())).isEmpty();
        assertThat(events).isEmpty();
        assertThat(tenants.find(t.id()).orElseThrow()).isEqualTo(t);
    }

    @Test
    void aRaisingRuleStopsAtItsBound() {
        TenantConfig t = tenantWithStorage("acme", 1_000, 900);
        LimitRule rule = new LimitRule(LimitRule.Dimension.STORAGE_BYTES, LimitRule.Direction.ABOVE, 0.8, 1.5, 1_200);

        policy(rule).adjust(t.id());
        assertThat(tenants.find(t.id()).orElseThrow().limits().storage().maxBytes()).isEqualTo(1_200);

        tenants.usage.put(t.id(), new StorageUsage(1_100, 10));
        assertThat(policy(rule).adjust(t.id())).isEmpty();
    }

    @Test
    void aLoweringRuleNeverSetsALimitBelowWhatTheTenantUses() {
        TenantConfig t = tenantWithStorage("acme", 10_000, 900);
        LimitRule shrink = new LimitRule(LimitRule.Dimension.STORAGE_BYTES, LimitRule.Direction.BELOW, 0.2, 0.05, 0);

        List<PlatformEvent.LimitChanged> changes = policy(shrink).adjust(t.id());

        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.oldValue()).isEqualTo("10000");
            assertThat(c.newValue()).isEqualTo("900");
        });
    }

    @Test
    void adjustsEveryTenantAcrossPages() {
        for (int i = 0; i < 450; i++) {
            tenantWithStorage(String.format("t%03d", i), 1_000, i % 2 == 0 ? 900 : 100);
        }

        assertThat(policy(LimitRule.seedStorageGrowth()).adjustAll()).hasSize(225);
    }

    @Test
    void anUnknownTenantIsReported() {
        assertThatThrownBy(() -> policy(LimitRule.seedStorageGrowth()).adjust(TenantId.of("ghost")))
                .isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void rulesThatWouldRaiseWhenBelowOrLowerWhenAboveAreRefused() {
        assertThatThrownBy(() -> new LimitRule(LimitRule.Dimension.STORAGE_BYTES, LimitRule.Direction.ABOVE, 0.8, 0.5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("raise");
        assertThatThrownBy(() -> new LimitRule(LimitRule.Dimension.STORAGE_OBJECTS, LimitRule.Direction.BELOW, 0.2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower");
    }

    /** Tenants and their storage usage in maps: only what the policy reads and writes. */
    private static final class Tenants implements TenantStore, TenantDataStore {
        private final TreeMap<TenantId, TenantConfig> byId = new TreeMap<>();
        private final Map<TenantId, StorageUsage> usage = new HashMap<>();

        @Override
        public TenantConfig create(TenantConfig tenant) {
            byId.put(tenant.id(), tenant);
            return tenant;
        }

        @Override
        public Optional<TenantConfig> find(TenantId id) {
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public TenantConfig update(TenantConfig tenant) {
            if (!byId.containsKey(tenant.id())) {
                throw new TenantNotFoundException(tenant.id());
            }
            byId.put(tenant.id(), tenant);
            return tenant;
        }

        @Override
        public boolean delete(TenantId id) {
            return byId.remove(id) != null;
        }

        @Override
        public List<TenantConfig> list(Optional<TenantId> after, int limit) {
            return (after.isPresent() ? byId.tailMap(after.get(), false) : byId).values().stream().limit(limit).toList();
        }

        @Override
        public StorageUsage usage(TenantId tenant) {
            return usage.getOrDefault(tenant, StorageUsage.EMPTY);
        }

        @Override
        public List<TierChange> tierChanges(TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addKey(ApiKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ApiKey> findKey(String keyId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ApiKey> keys(TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean revokeKey(String keyId, Instant at) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> get(TenantId tenant, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StorageUsage put(TenantId tenant, String key, String value, TenantLimits.StorageLimit limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(TenantId tenant, String key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<KvEntry> list(TenantId tenant, String prefix, Optional<String> after, int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long deleteAll(TenantId tenant) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
