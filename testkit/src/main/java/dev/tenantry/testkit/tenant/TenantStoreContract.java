package dev.tenantry.testkit.tenant;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TenantStore} must do. Extend it and return a new, empty store from {@link #createStore()};
 * the contract closes it after each test.
 */
public abstract class TenantStoreContract {
    /** A fixed instant, truncated to milliseconds so that stores with millisecond precision compare equal. */
    protected static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    private TenantStore store;

    /** {@return a new, empty store} */
    protected abstract TenantStore createStore();

    @BeforeEach
    final void openStore() {
        store = createStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    /** {@return the store under test} */
    protected TenantStore store() {
        return store;
    }

    @Test
    void findsWhatWasCreatedWithEveryField() {
        TenantConfig acme = SampleTenants.tenant("acme", T0).withSettings(Map.of("industry", "technology"), T0);
        store.create(acme);

        assertThat(store.find(TenantId.of("acme"))).contains(acme);
    }

    @Test
    void findsNothingForAnUnknownTenant() {
        assertThat(store.find(TenantId.of("nobody"))).isEmpty();
    }

    @Test
    void refusesToCreateATenantTwice() {
        store.create(SampleTenants.tenant("acme", T0));

        assertThatThrownBy(() -> store.create(SampleTenants.tenant("acme", T0.plusSeconds(1))))
                .isInstanceOf(TenantAlreadyExistsException.class)
                .hasMessageContaining("acme");
        assertThat(store.find(TenantId.of("acme")).orElseThrow().createdAt()).isEqualTo(T0);
    }

    @Test
    void updateReplacesTheConfiguration() {
        TenantConfig acme = store.create(SampleTenants.tenant("acme", T0));
        TenantConfig changed = acme.withPriority(Priority.HIGH, T0.plusSeconds(60)).withEnabled(false, T0.plusSeconds(60));

        store.update(changed);

        assertThat(store.find(acme.id())).contains(changed);
    }

    @Test
    void updateOfAnUnknownTenantFails() {
        assertThatThrownBy(() -> store.update(SampleTenants.tenant("ghost", T0)))
                .isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void recordsATierChangeWhenTheTierChanges() {
        TenantConfig acme = store.create(SampleTenants.tenant("acme", T0));
        Instant later = T0.plus(10, ChronoUnit.DAYS);

        store.update(acme.withTier(Tier.BUSINESS, acme.limits(), later));
        store.update(store.find(acme.id()).orElseThrow().withName("Acme Corp", later.plusSeconds(5)));

        assertThat(store.tierChanges(acme.id()))
                .containsExactly(new TierChange(acme.id(), Tier.PROFESSIONAL, Tier.BUSINESS, later));
    }

    @Test
    void deleteRemovesTheTenantAndItsKeys() {
        TenantConfig acme = store.create(SampleTenants.tenant("acme", T0));
        store.addKey(key("k1", acme.id()));

        assertThat(store.delete(acme.id())).isTrue();

        assertThat(store.find(acme.id())).isEmpty();
        assertThat(store.findKey("k1")).isEmpty();
        assertThat(store.delete(acme.id())).isFalse();
    }

    @Test
    void listsTenantsInIdOrderOnePageAtATime() {
        for (String id : List.of("delta", "alpha", "echo", "charlie", "bravo")) {
            store.create(SampleTenants.tenant(id, T0));
        }

        List<TenantConfig> first = store.list(Optional.empty(), 2);
        List<TenantConfig> second = store.list(Optional.of(first.get(1).id()), 2);
        List<TenantConfig> third = store.list(Optional.of(second.get(1).id()), 2);

        assertThat(first).extracting(t -> t.id().value()).containsExactly("alpha", "bravo");
        assertThat(second).extracting(t -> t.id().value()).containsExactly("charlie", "delta");
        assertThat(third).extracting(t -> t.id().value()).containsExactly("echo");
    }

    @Test
    void keepsKeysByIdAndPerTenant() {
        TenantId acme = store.create(SampleTenants.tenant("acme", T0)).id();
        TenantId globex = store.create(SampleTenants.tenant("globex", T0)).id();
        store.addKey(key("a1", acme));
        store.addKey(key("g1", globex));
        store.addKey(new ApiKey("a2", acme, "f".repeat(64), "tnt_", T0.plusSeconds(1), Optional.empty()));

        assertThat(store.findKey("a1")).contains(key("a1", acme));
        assertThat(store.keys(acme)).extracting(ApiKey::keyId).containsExactly("a1", "a2");
        assertThat(store.keys(globex)).extracting(ApiKey::keyId).containsExactly("g1");
    }

    @Test
    void refusesAKeyForAnUnknownTenant() {
        assertThatThrownBy(() -> store.addKey(key("k1", TenantId.of("ghost"))))
                .isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void refusesADuplicateKeyId() {
        TenantId acme = store.create(SampleTenants.tenant("acme", T0)).id();
        store.addKey(key("k1", acme));

        assertThatThrownBy(() -> store.addKey(key("k1", acme))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokedKeysStayFoundButInactive() {
        TenantId acme = store.create(SampleTenants.tenant("acme", T0)).id();
        store.addKey(key("k1", acme));
        Instant at = T0.plusSeconds(30);

        assertThat(store.revokeKey("k1", at)).isTrue();
        assertThat(store.revokeKey("k1", at.plusSeconds(1))).isFalse();

        ApiKey revoked = store.findKey("k1").orElseThrow();
        assertThat(revoked.active()).isFalse();
        assertThat(revoked.revokedAt()).contains(at);
    }

    @Test
    void concurrentCreatesOfOneIdLetExactlyOneWin() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        store.create(SampleTenants.tenant("race", T0.plusSeconds(n)));
                        return true;
                    } catch (TenantAlreadyExistsException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ApiKey key(String id, TenantId tenant) {
        return new ApiKey(id, tenant, "a".repeat(64), "tnt_", T0, Optional.empty());
    }
}
