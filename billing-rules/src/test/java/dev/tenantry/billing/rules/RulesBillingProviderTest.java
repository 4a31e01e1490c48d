package dev.tenantry.billing.rules;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discovery, configuration binding and plan loading of the {@code rules} provider. */
class RulesBillingProviderTest {
    @TempDir
    Path dir;

    private BillingEngine create(Map<String, String> values) {
        return new RulesBillingProvider().create(TestingProviderContext.of(PluginConfig.of("billing", values), dir));
    }

    @Test
    void serviceLoaderFindsTheProviderByItsName() {
        // The tests run inside the module, which provides but does not use the service.
        getClass().getModule().addUses(BillingProvider.class);
        assertThat(ServiceLoader.load(BillingProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p.name()).isEqualTo("rules");
                    assertThat(p).isInstanceOf(RulesBillingProvider.class);
                });
    }

    @Test
    void theProviderIsAlsoListedForTheClassPath() throws IOException {
        try (InputStream in = RulesBillingProvider.class.getResourceAsStream(
                "/META-INF/services/dev.tenantry.spi.billing.BillingProvider")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip())
                    .isEqualTo(RulesBillingProvider.class.getName());
        }
    }

    @Test
    void recordedDefaults() {
        assertThat(RulesBillingConfig.from(PluginConfig.empty("billing")))
                .isEqualTo(new RulesBillingConfig(Optional.empty(), 0.8));
    }

    @Test
    void fullMapping() throws IOException {
        Path file = Files.writeString(dir.resolve("plans.yaml"), "plans:\n  starter:\n    currency: USD\n");
        assertThat(RulesBillingConfig.from(PluginConfig.of("billing", Map.of("plans", file.toString(),
                "near-limit-fraction", "0.9")))).isEqualTo(new RulesBillingConfig(Optional.of(file), 0.9));
    }

    @Test
    void withoutConfigurationTheDefaultPlansPriceTheFourStandardTiers() {
        // Read from inside the named module, as on the module path in production.
        assertThat(RulesBillingProvider.class.getModule().getName()).isEqualTo("dev.tenantry.billing.rules");
        RulesBillingEngine engine = (RulesBillingEngine) create(Map.of());
        assertThat(engine.catalog().plans().keySet())
                .containsExactly(Tier.STARTER, Tier.PROFESSIONAL, Tier.BUSINESS, Tier.ENTERPRISE);
    }

    @Test
    void thePlansKeyReplacesTheDefaultPlans() throws IOException {
        Path file = Files.writeString(dir.resolve("plans.yaml"), "plans:\n  custom:\n    currency: EUR\n");
        RulesBillingEngine engine = (RulesBillingEngine) create(Map.of("plans", file.toString()));
        assertThat(engine.catalog().plans().keySet()).containsExactly(Tier.CUSTOM);
        assertThat(engine.catalog().source()).isEqualTo(file.toString());
    }

    @Test
    void aBadPlanFileStopsCreationWithItsProblems() throws IOException {
        Path file = Files.writeString(dir.resolve("plans.yaml"), "plans:\n  starter:\n    currency: XYZ\n");
        assertThatThrownBy(() -> create(Map.of("plans", file.toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("plans.starter.currency");
    }

    @Test
    void aMissingPlanFileIsNamedWithTheConfigurationPath() {
        assertThatThrownBy(() -> create(Map.of("plans", dir.resolve("nope.yaml").toString())))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.plans")
                .hasMessageContaining("nope.yaml");
    }

    @Test
    void unknownKeysAreRejectedWithTheirPath() {
        assertThatThrownBy(() -> create(Map.of("plan", "x.yaml")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.plan: unknown key");
    }

    @Test
    void aNearLimitFractionOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> create(Map.of("near-limit-fraction", "1.5")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("billing.near-limit-fraction");
    }
}
