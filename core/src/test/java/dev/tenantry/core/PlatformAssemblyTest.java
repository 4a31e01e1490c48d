package dev.tenantry.core;

import dev.tenantry.core.admission.DynamicLimitSettings;
import dev.tenantry.core.config.DatabaseSettings;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.core.config.EventSettings;
import dev.tenantry.core.config.NamedPlugin;
import dev.tenantry.core.config.ProviderSettings;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.fixtures.Fixtures;
import dev.tenantry.core.fixtures.QuotaFixture;
import dev.tenantry.core.fixtures.ScriptSandboxFixture;
import dev.tenantry.core.memory.InMemoryTenantDataStore;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventListenerProvider;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.event.PlatformEventListener;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformAssemblyTest {
    @TempDir
    Path dir;

    private Tenantry.Builder builder() {
        return Tenantry.builder().config(Fixtures.config(dir))
                .providers(List.of(new ScriptSandboxFixture(), new FifoSchedulerFixture(), new QuotaFixture()));
    }

    @Test
    void reportsEveryWrongProviderNameAtOnceWithTheNamesFound() {
        var config = Fixtures.config(dir).withIsolation(ProviderSettings.of("graal"))
                .withScheduler(ProviderSettings.of("fair"));

        assertThatThrownBy(() -> builder().config(config).build())
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems())
                        .extracting(p -> p.path() + ": " + p.message())
                        .containsExactly("isolation.provider: no isolation provider named 'graal'; found: "
                                        + "'fixture-script' (module dev.tenantry.core)",
                                "scheduler.provider: no scheduler provider named 'fair'; found: "
                                        + "'fixture-fifo' (module dev.tenantry.core)"));
    }

    @Test
    void aProviderRejectingItsKeysFailsTheStartWithThePath() {
        var config = Fixtures.config(dir).withIsolation(new ProviderSettings(Optional.of("fixture-script"),
                Map.of("paralelism", "2")));

        assertThatThrownBy(() -> builder().config(config).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("isolation.paralelism: unknown key");
    }

    @Test
    void dataKeepingProvidersReceiveTheDatabaseKeysAndPasswordAsSecret() {
        List<ProviderContext> seen = new ArrayList<>();
        TenantDataStoreProvider recording = new TenantDataStoreProvider() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public TenantDataStore create(ProviderContext context) {
                seen.add(context);
                return new InMemoryTenantDataStore();
            }
        };
        TenantryConfig config = Fixtures.config(dir);
        TenantryConfig withStore = new TenantryConfig(config.platform(),
                new DatabaseSettings(Optional.of("jdbc:h2:mem:x"), Optional.of("sa"), Optional.of("hunter2"),
                        Optional.empty()),
                config.server(), config.isolation(), config.scheduler(), config.quotas(), config.metering(),
                config.tenants(), new ProviderSettings(Optional.of("recording"), Map.of("user", "own-user")),
                config.billing(), config.events(), config.tiers(), config.dynamicLimits());

        builder().config(withStore).provider(recording).build().close();

        assertThat(seen).singleElement().satisfies(ctx -> {
            assertThat(ctx.config().path()).isEqualTo("data");
            assertThat(ctx.config().values()).containsEntry("url", "jdbc:h2:mem:x").containsEntry("user", "own-user")
                    .containsEntry("password", "hunter2");
            assertThat(ctx.config().toString()).doesNotContain("hunter2");
            assertThat(ctx.platform().dataDirectory()).isEqualTo(dir.toAbsolutePath().normalize());
        });
    }

    @Test
    void createsConfiguredEventListenersWithTheirKeysAndClosesThemAtShutdown() {
        AtomicBoolean closed = new AtomicBoolean();
        List<String> received = new ArrayList<>();
        EventListenerProvider audit = new EventListenerProvider() {
            @Override
            public String name() {
                return "audit";
            }

            @Override
            public PlatformEventListener create(ProviderContext context) {
                context.config().requireOnly(Set.of("prefix"));
                String prefix = context.config().requireString("prefix");
                return new PlatformEventListener() {
                    @Override
                    public void onEvent(PlatformEvent event) {
                        received.add(prefix + event.type());
                    }

                    @Override
                    public void close() {
                        closed.set(true);
                    }
                };
            }
        };
        var config = Fixtures.config(dir).withEvents(new EventSettings(List.of(
                new NamedPlugin("audit", "events.listeners[0]", Map.of("prefix", "audit:")))));

        try (Platform p = builder().config(config).provider(audit).build()) {
            p.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER));
        }

        assertThat(received).containsExactly("audit:tenant_created");
        assertThat(closed).isTrue();
    }

    @Test
    void adjustsLimitsByTheConfiguredDynamicLimitRules() {
        var config = Fixtures.config(dir).withDynamicLimits(DynamicLimitSettings.from(PluginConfig.of("dynamic-limits",
                Map.of("enabled", "true", "interval", "1h", "rules.grow.dimension", "storage-objects",
                        "rules.grow.direction", "above", "rules.grow.fraction", "0.4", "rules.grow.factor", "2"))));
        List<PlatformEvent> events = new ArrayList<>();
        try (Platform p = builder().config(config).build()) {
            p.events().subscribe(events::add);
            p.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER)
                    .withOverrides(LimitOverrides.of("storage-objects", "2")));
            p.execute(TenantId.of("acme"), ExecutionRequest.of("put a 1"));

            List<PlatformEvent.LimitChanged> changes = p.adjustLimits();

            assertThat(changes).singleElement().satisfies(c -> {
                assertThat(c.limit()).isEqualTo("storage.maxObjects");
                assertThat(c.oldValue()).isEqualTo("2");
                assertThat(c.newValue()).isEqualTo("4");
            });
            assertThat(p.tenants().get(TenantId.of("acme")).limits().storage().maxObjects()).isEqualTo(4);
        }
        assertThat(events).filteredOn(PlatformEvent.LimitChanged.class::isInstance).hasSize(1);
    }

    @Test
    void adjustingLimitsWhileDynamicLimitsAreOffSaysHowToTurnThemOn() {
        try (Platform p = builder().build()) {
            assertThatThrownBy(p::adjustLimits).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dynamic-limits.enabled");
        }
    }

    @Test
    void invoicingWithoutABillingProviderSaysWhatIsMissing() {
        try (Platform p = builder().build()) {
            p.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER));

            assertThatThrownBy(() -> p.invoice(TenantId.of("acme"), YearMonth.of(2026, 11)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no billing provider is installed");
        }
    }
}
