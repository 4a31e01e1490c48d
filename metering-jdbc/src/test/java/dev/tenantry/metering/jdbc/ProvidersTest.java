package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.Provider;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.quota.QuotaStateStoreProvider;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.TenantStoreProvider;
import dev.tenantry.testkit.TestingProviderContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProvidersTest {

    @Test
    void serviceLoaderFindsEveryStoreProviderNamedJdbc() {
        List<Class<? extends Provider<?>>> spis = List.of(MeteringProvider.class, TenantStoreProvider.class,
                TenantDataStoreProvider.class, QuotaStateStoreProvider.class);
        for (Class<? extends Provider<?>> spi : spis) {
            // The tests run inside the module under test, whose descriptor declares no `uses`.
            ProvidersTest.class.getModule().addUses(spi);
            assertThat(ServiceLoader.load(spi).stream().map(ServiceLoader.Provider::get).map(Provider::name))
                    .as(spi.getSimpleName()).containsExactly("jdbc");
        }
    }

    @Test
    void recordedDefaultsUseAnH2FileDatabaseInTheDataFolder(@TempDir Path data) {
        JdbcSettings s = JdbcSettings.bind(TestingProviderContext.of(PluginConfig.empty("metering"), data));

        assertThat(s.url()).startsWith("jdbc:h2:file:" + data.toAbsolutePath().resolve("tenantry"));
        assertThat(s.user()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.poolSize()).isEqualTo(8);
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.groupCommitWindow()).isEqualTo(Duration.ZERO);
        assertThat(s.groupCommitMaxBatch()).isEqualTo(1000);
        assertThat(s.groupCommitWriters()).isEqualTo(2);
        assertThat(s.queueCapacity()).isEqualTo(100_000);
        assertThat(s.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(s.retentionInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(s.rollupMaxLag()).isEqualTo(50_000);
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void bindsEveryKey(@TempDir Path data) {
        Map<String, String> all = Map.ofEntries(Map.entry("url", "jdbc:mysql://db:3306/t"), Map.entry("user", "u"),
                Map.entry("password", "p"), Map.entry("pool-size", "16"), Map.entry("connect-timeout", "5s"),
                Map.entry("group-commit-window", "5ms"), Map.entry("group-commit-max-batch", "500"),
                Map.entry("group-commit-writers", "3"), Map.entry("queue-capacity", "1000"),
                Map.entry("retention", "30d"), Map.entry("retention-interval", "10m"),
                Map.entry("rollup-max-lag", "20000"), Map.entry("socket-timeout", "2m"));

        JdbcSettings s = JdbcSettings.bind(TestingProviderContext.of(PluginConfig.of("database", all), data));

        assertThat(s).isEqualTo(new JdbcSettings("jdbc:mysql://db:3306/t", Optional.of("u"), Optional.of("p"), 16,
                Duration.ofSeconds(5), Duration.ofMillis(5), 500, 3, 1000, Duration.ofDays(30), Duration.ofMinutes(10),
                20_000, Duration.ofMinutes(2)));
        assertThat(s.toString()).doesNotContain("=p,").contains("<secret>");
    }

    @Test
    void rejectsAnUnknownKeyNamingItsPath(@TempDir Path data) {
        TestingProviderContext context = TestingProviderContext.of(
                PluginConfig.of("metering", Map.of("group-comit-window", "2ms")), data);

        assertThatThrownBy(() -> new JdbcMeteringProvider().create(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("metering.group-comit-window")
                .hasMessageContaining("group-commit-window");
    }

    @Test
    void rejectsAnUnsupportedUrlWithoutShowingItsCredentials(@TempDir Path data) {
        TestingProviderContext context = TestingProviderContext.of(
                PluginConfig.of("database", Map.of("url", "jdbc:postgresql://db/x?password=hunter2")), data);

        assertThatThrownBy(() -> JdbcSettings.bind(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("database.url")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsAMariaDbDriverUrlSayingWhichUrlToWriteInstead(@TempDir Path data) {
        TestingProviderContext context = TestingProviderContext.of(
                PluginConfig.of("database", Map.of("url", "jdbc:mariadb://db:3306/x?password=hunter2")), data);

        assertThatThrownBy(() -> JdbcSettings.bind(context))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("database.url")
                .hasMessageContaining("jdbc:mysql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsASocketTimeoutOutsideItsRange(@TempDir Path data) {
        for (String value : new String[] {"500ms", "2h"}) {
            TestingProviderContext context = TestingProviderContext.of(
                    PluginConfig.of("database", Map.of("socket-timeout", value)), data);

            assertThatThrownBy(() -> JdbcSettings.bind(context))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("database.socket-timeout")
                    .hasMessageContaining("between 1s and 1h");
        }
    }

    @Test
    void theFourStoresShareOnePoolAndCreateTheDatabaseFileOnce(@TempDir Path data) throws Exception {
        try (TestingProviderContext context = TestingProviderContext.of(PluginConfig.empty("database"), data)) {
            var usage = (JdbcUsageStore) new JdbcMeteringProvider().create(context);
            new JdbcTenantStoreProvider().create(context).close();
            new JdbcTenantDataStoreProvider().create(context).close();
            new JdbcQuotaStateStoreProvider().create(context).close();

            assertThat(usage.database()).isSameAs(SharedDatabase.of(context, JdbcSettings.bind(context)));
            assertThat(Files.exists(data.resolve("tenantry.mv.db"))).isTrue();
            usage.close();
        }
    }
}
