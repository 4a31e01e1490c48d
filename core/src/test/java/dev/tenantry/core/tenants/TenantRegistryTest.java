package dev.tenantry.core.tenants;

import dev.tenantry.core.memory.InMemoryTenantDataStore;
import dev.tenantry.core.memory.InMemoryTenantStore;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class TenantRegistryTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final TenantId ACME = TenantId.of("acme");

    private final InMemoryTenantStore store = new InMemoryTenantStore();
    private final InMemoryTenantDataStore data = new InMemoryTenantDataStore();
    private final List<PlatformEvent> events = new ArrayList<>();
    private final TenantRegistry registry = new TenantRegistry(store, data, TierDefaults.builtIn(),
            Clock.fixed(T0, ZoneOffset.UTC), events::add);

    @Test
    void createsATenantWithItsTiersLimitsAndPriority() {
        TenantConfig t = registry.create(NewTenant.of("acme", "ACME", Tier.BUSINESS));

        assertThat(t.limits()).isEqualTo(TierDefaults.builtIn().profile(Tier.BUSINESS).limits());
        assertThat(t.priority()).isEqualTo(Priority.HIGH);
        assertThat(t.enabled()).isTrue();
        assertThat(t.createdAt()).isEqualTo(T0);
        assertThat(registry.get(ACME)).isEqualTo(t);
        assertThat(events).containsExactly(new PlatformEvent.TenantChanged(ACME, T0, "created"));
    }

    @Test
    void appliesOverridesOnTopOfTheTier() {
        TenantConfig t = registry.create(NewTenant.of("acme", "ACME", Tier.STARTER)
                .withOverrides(LimitOverrides.of("cpu-time", "750ms", "storage-bytes", "20mb", "priority", "high",
                        "operations.write.per-minute", "30")));

        assertThat(t.limits().execution().cpuTime()).isEqualTo(Duration.ofMillis(750));
        assertThat(t.limits().storage().maxBytes()).isEqualTo(20L << 20);
        assertThat(t.limits().rate().perOperation()).containsEntry("write", new TenantLimits.OperationRate(30, 0));
        assertThat(t.priority()).isEqualTo(Priority.HIGH);
        assertThat(t.limits().requests()).isEqualTo(TierDefaults.builtIn().profile(Tier.STARTER).limits().requests());
    }

    @Test
    void refusesACustomTenantWithoutOverrides() {
        assertThatThrownBy(() -> registry.create(NewTenant.of("acme", "ACME", Tier.CUSTOM)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custom tenant needs explicit limit overrides");
    }

    @Test
    void reportsEveryBadOverrideWithItsPath() {
        assertThatThrownBy(() -> registry.create(NewTenant.of("acme", "ACME", Tier.CUSTOM)
                .withOverrides(LimitOverrides.of("cpu-tim", "1s", "memory", "lots", "max-concurrent", "0"))))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems())
                        .extracting(ConfigurationException.Problem::path)
                        .containsExactlyInAnyOrder("limits.cpu-tim", "limits.memory", "limits.max-concurrent"));
        assertThat(registry.find(ACME)).isEmpty();
    }

    @Test
    void refusesASecondTenantWithTheSameId() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));

        assertThatThrownBy(() -> registry.create(NewTenant.of("acme", "Other", Tier.STARTER)))
                .isInstanceOf(TenantAlreadyExistsException.class);
    }

    @Test
    void changingTheTierReplacesTheLimitsAndRecordsTheChange() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));

        TenantConfig t = registry.changeTier(ACME, Tier.ENTERPRISE, LimitOverrides.NONE);

        assertThat(t.tier()).isEqualTo(Tier.ENTERPRISE);
        assertThat(t.limits()).isEqualTo(TierDefaults.builtIn().profile(Tier.ENTERPRISE).limits());
        assertThat(store.tierChanges(ACME)).containsExactly(new TierChange(ACME, Tier.STARTER, Tier.ENTERPRISE, T0));
    }

    @Test
    void changingLimitsKeepsTheOthers() {
        registry.create(NewTenant.of("acme", "ACME", Tier.PROFESSIONAL));

        TenantConfig t = registry.changeLimits(ACME, LimitOverrides.of("max-concurrent", "3"));

        assertThat(t.limits().requests().maxConcurrent()).isEqualTo(3);
        assertThat(t.limits().execution()).isEqualTo(TierDefaults.builtIn().profile(Tier.PROFESSIONAL).limits().execution());
    }

    @Test
    void publishesALimitChangedEventForEachLimitAChangeTouches() {
        registry.create(NewTenant.of("acme", "ACME", Tier.PROFESSIONAL));
        events.clear();

        registry.changeLimits(ACME, LimitOverrides.of("max-concurrent", "3", "cpu-time", "2s", "memory", "64mb"));

        assertThat(events).filteredOn(PlatformEvent.LimitChanged.class::isInstance)
                .map(PlatformEvent.LimitChanged.class::cast)
                .extracting(PlatformEvent.LimitChanged::limit, PlatformEvent.LimitChanged::oldValue,
                        PlatformEvent.LimitChanged::newValue)
                .containsExactly(tuple("max-concurrent", "8", "3"), tuple("memory", "134217728", "67108864"));
        assertThat(events).first().isEqualTo(new PlatformEvent.TenantChanged(ACME, T0, "updated"));
    }

    @Test
    void disablesAndEnablesATenant() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));

        assertThat(registry.disable(ACME).enabled()).isFalse();
        assertThat(registry.enable(ACME).enabled()).isTrue();
        assertThat(events).extracting(PlatformEvent::type).containsExactly("tenant_created", "tenant_disabled", "tenant_enabled");
    }

    @Test
    void deletingATenantRemovesItsDataAndKeys() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));
        data.put(ACME, "k", "1", TierDefaults.builtIn().profile(Tier.STARTER).limits().storage());
        IssuedKey key = registry.issueKey(ACME);

        assertThat(registry.delete(ACME)).isTrue();

        assertThat(registry.find(ACME)).isEmpty();
        assertThat(data.get(ACME, "k")).isEmpty();
        assertThat(registry.authenticate(key.key())).isEmpty();
        assertThat(registry.delete(ACME)).isFalse();
    }

    @Test
    void changingAnUnknownTenantFailsWithTenantNotFound() {
        assertThatThrownBy(() -> registry.disable(ACME)).isInstanceOf(TenantNotFoundException.class);
    }

    @Test
    void listsTenantsInIdOrderPageByPage() {
        for (String id : List.of("c", "a", "b")) {
            registry.create(NewTenant.of(id, id, Tier.STARTER));
        }

        assertThat(registry.list(Optional.empty(), 2)).extracting(t -> t.id().value()).containsExactly("a", "b");
        assertThat(registry.list(Optional.of(TenantId.of("b")), 2)).extracting(t -> t.id().value()).containsExactly("c");
    }

    @Test
    void issuesAKeyOfTheDocumentedFormThatAuthenticatesItsTenant() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));

        IssuedKey key = registry.issueKey(ACME);

        assertThat(key.key()).matches("tnt_[0-9a-f]{24}\\.[A-Za-z0-9_-]{43}");
        assertThat(registry.authenticate(key.key())).contains(ACME);
        assertThat(store.findKey(key.keyId())).get().satisfies(stored -> {
            assertThat(stored.secretHash()).hasSize(64).doesNotContain(key.key().substring(key.key().indexOf('.') + 1));
            assertThat(stored.prefix()).isEqualTo("tnt_");
        });
        assertThat(key.toString()).doesNotContain(key.key());
    }

    @Test
    void refusesAWrongSecretAnUnknownIdAndMalformedKeys() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));
        IssuedKey key = registry.issueKey(ACME);
        String wrongSecret = key.key().substring(0, key.key().length() - 1) + (key.key().endsWith("A") ? "B" : "A");

        assertThat(registry.authenticate(wrongSecret)).isEmpty();
        assertThat(registry.authenticate("tnt_000000000000000000000000.secret")).isEmpty();
        assertThat(registry.authenticate("tnt_.x")).isEmpty();
        assertThat(registry.authenticate("no-prefix")).isEmpty();
        assertThat(registry.authenticate(key.key().replace(".", ""))).isEmpty();
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));
        IssuedKey key = registry.issueKey(ACME);

        assertThat(registry.revokeKey(key.keyId())).isTrue();

        assertThat(registry.authenticate(key.key())).isEmpty();
        assertThat(registry.revokeKey(key.keyId())).isFalse();
    }

    @Test
    void rotatingAKeyIssuesANewOneAndRevokesTheOld() {
        registry.create(NewTenant.of("acme", "ACME", Tier.STARTER));
        IssuedKey old = registry.issueKey(ACME);

        IssuedKey fresh = registry.rotateKey(old.keyId());

        assertThat(registry.authenticate(fresh.key())).contains(ACME);
        assertThat(registry.authenticate(old.key())).isEmpty();
        assertThat(registry.keys(ACME)).hasSize(2);
    }

    @Test
    void tierDefaultsFromConfigurationOverrideTheBuiltInTable() {
        TierDefaults tiers = TierDefaults.withOverrides(Map.of(Tier.STARTER, LimitOverrides.of("daily-executions", "500")));

        assertThat(tiers.profile(Tier.STARTER).limits().requests().dailyExecutions()).isEqualTo(500);
        assertThat(tiers.profile(Tier.BUSINESS)).isEqualTo(TierDefaults.builtIn().profile(Tier.BUSINESS));
    }

    @Test
    void theBuiltInTiersGrowFromStarterToEnterprise() {
        TierDefaults t = TierDefaults.builtIn();
        List<Tier> order = List.of(Tier.STARTER, Tier.PROFESSIONAL, Tier.BUSINESS, Tier.ENTERPRISE);

        for (int i = 1; i < order.size(); i++) {
            TenantLimits lower = t.profile(order.get(i - 1)).limits();
            TenantLimits higher = t.profile(order.get(i)).limits();
            assertThat(higher.rate().perMinute()).isGreaterThan(lower.rate().perMinute());
            assertThat(higher.execution().cpuTime()).isGreaterThan(lower.execution().cpuTime());
            assertThat(higher.execution().memoryBytes()).isGreaterThan(lower.execution().memoryBytes());
            assertThat(higher.requests().maxConcurrent()).isGreaterThan(lower.requests().maxConcurrent());
            assertThat(higher.storage().maxBytes()).isGreaterThan(lower.storage().maxBytes());
            assertThat(t.profile(order.get(i)).priority()).isGreaterThan(t.profile(order.get(i - 1)).priority());
        }
        assertThat(t.profile(Tier.STARTER).limits().rate()).isEqualTo(new TenantLimits.RateLimit(60, 10, Map.of()));
        assertThat(t.profile(Tier.ENTERPRISE).limits().execution().memoryBytes()).isEqualTo(1L << 30);
    }
}
