package dev.tenantry.core.admission;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.quota.QuotaProvider;
import dev.tenantry.spi.quota.QuotaStateStoreProvider;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceRegistrationTest {

    @Test
    void serviceLoaderFindsTheStandardPolicyAndTheMemoryStore() {
        // the tests run inside this module, which provides these services; the rest of core declares its uses
        getClass().getModule().addUses(QuotaProvider.class);
        getClass().getModule().addUses(QuotaStateStoreProvider.class);

        assertThat(ServiceLoader.load(QuotaProvider.class).stream().map(p -> p.get().name())).contains("standard");
        assertThat(ServiceLoader.load(QuotaStateStoreProvider.class).stream().map(p -> p.get().name()))
                .contains("memory");
    }

    @Test
    void theServicesFilesListTheProvidersForTheClassPath() throws IOException {
        assertThat(servicesFile(QuotaProvider.class)).isEqualTo(StandardQuotaProvider.class.getName());
        assertThat(servicesFile(QuotaStateStoreProvider.class)).isEqualTo(MemoryQuotaStateStoreProvider.class.getName());
    }

    private String servicesFile(Class<?> service) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/services/" + service.getName())) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void theStandardPolicyRejectsAnUnknownKeyWithItsPath() {
        TestingProviderContext context = TestingProviderContext.of(
                PluginConfig.of("quotas", Map.of("rejection-event", "false")), Path.of("."));

        assertThatThrownBy(() -> new StandardQuotaProvider().create(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("quotas.rejection-event");
    }

    @Test
    void recordedDefaultsAndFullMappingOfTheStandardPolicysSettings() {
        assertThat(StandardQuotaSettings.from(PluginConfig.empty("quotas")))
                .isEqualTo(new StandardQuotaSettings(true, java.time.Duration.ofMillis(100)));
        assertThat(StandardQuotaSettings.from(PluginConfig.of("quotas",
                Map.of("rejection-events", "false", "counter-flush", "0ms"))))
                .isEqualTo(new StandardQuotaSettings(false, java.time.Duration.ZERO));
    }
}
