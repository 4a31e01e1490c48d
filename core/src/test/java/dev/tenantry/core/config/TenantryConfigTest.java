package dev.tenantry.core.config;

import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ConfigurationException.Problem;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantryConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("tenantry.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static List<Problem> problemsOf(Runnable load) {
        try {
            load.run();
        } catch (ConfigurationException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigurationException");
    }

    @Test
    void recordsTheDefaults() {
        TenantryConfig c = TenantryConfig.load(Optional.empty(), Map.of());

        assertThat(c).isEqualTo(TenantryConfig.defaults());
        assertThat(c.platform()).isEqualTo(new PlatformSettings(Path.of("data"), 2, Duration.ofSeconds(30)));
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.isolation().provider()).isEmpty();
        assertThat(c.scheduler().provider()).isEmpty();
        assertThat(c.quotas().provider()).isEmpty();
        assertThat(c.quotas().stateStore()).contains("memory");
        assertThat(c.metering().provider()).contains("memory");
        assertThat(c.tenants().provider()).contains("memory");
        assertThat(c.data().provider()).contains("memory");
        assertThat(c.billing().provider()).isEmpty();
        assertThat(c.events().listeners()).isEmpty();
        assertThat(c.dynamicLimits().enabled()).isFalse();
        assertThat(c.database().effectiveUrl(Path.of("/srv/data"))).isEqualTo("jdbc:h2:file:/srv/data/tenantry");
    }

    @Test
    void mapsEveryKeyOfAFullFile() throws IOException {
        Path file = yaml("""
                platform: { data-dir: /var/lib/tenantry, workers: 4, shutdown-timeout: 5s, metering-wait: 90s }
                database: { url: "jdbc:mysql://db/tenantry", user: app, password: hunter2, pool-size: 8 }
                server: { port: 9090, admin-key: adm1n }
                isolation: { provider: graaljs, warm-contexts: 2, engine: { compile: optimizing } }
                scheduler: { provider: fair, weights: [1, 2, 4, 8] }
                quotas: { provider: standard, state-store: jdbc, purge-after: 40d }
                metering: { provider: jdbc, batch-size: 100 }
                tenants: { store: jdbc }
                data: { store: jdbc }
                billing:
                  provider: rules
                  currency: EUR
                  rules: [volume-discount, { name: promo, percent: 10 }]
                events: { listeners: [log, { name: webhook, url: "https://example.test/hook" }] }
                tiers:
                  starter: { cpu-time: 1s, executions-per-minute: 120 }
                dynamic-limits: { enabled: true, interval: 30m }
                """);

        TenantryConfig c = TenantryConfig.load(Optional.of(file), Map.of());

        assertThat(c.platform()).isEqualTo(new PlatformSettings(Path.of("/var/lib/tenantry"), 4, Duration.ofSeconds(5),
                Duration.ofSeconds(90)));
        assertThat(c.database().url()).contains("jdbc:mysql://db/tenantry");
        assertThat(c.database().user()).contains("app");
        assertThat(c.database().password()).contains("hunter2");
        assertThat(c.database().poolSize()).contains(8);
        assertThat(c.server()).isEqualTo(new ServerSettings(9090, Optional.of("adm1n")));
        assertThat(c.isolation()).isEqualTo(new ProviderSettings(Optional.of("graaljs"),
                Map.of("warm-contexts", "2", "engine.compile", "optimizing")));
        assertThat(c.scheduler()).isEqualTo(new ProviderSettings(Optional.of("fair"), Map.of("weights", "1,2,4,8")));
        assertThat(c.quotas()).isEqualTo(new QuotaSettings(Optional.of("standard"), Optional.of("jdbc"),
                Map.of("purge-after", "40d")));
        assertThat(c.metering()).isEqualTo(new ProviderSettings(Optional.of("jdbc"), Map.of("batch-size", "100")));
        assertThat(c.tenants().provider()).contains("jdbc");
        assertThat(c.data().provider()).contains("jdbc");
        assertThat(c.billing().provider()).contains("rules");
        assertThat(c.billing().settings()).isEqualTo(Map.of("currency", "EUR"));
        assertThat(c.billing().rules()).containsExactly(new NamedPlugin("volume-discount", "billing.rules[0]", Map.of()),
                new NamedPlugin("promo", "billing.rules[1]", Map.of("percent", "10")));
        assertThat(c.events().listeners()).extracting(NamedPlugin::name).containsExactly("log", "webhook");
        assertThat(c.events().listeners().get(1).settings()).containsEntry("url", "https://example.test/hook");
        assertThat(c.dynamicLimits().enabled()).isTrue();
        assertThat(c.dynamicLimits().interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.tiers()).isEqualTo(Map.of(Tier.STARTER,
                new LimitOverrides(Map.of("cpu-time", "1s", "executions-per-minute", "120"))));
    }

    @Test
    void rejectsAMisspelledKeyWithItsPath() throws IOException {
        Path file = yaml("platform: { wokers: 4 }\n");

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("platform.wokers");
                    assertThat(p.message()).contains("unknown key").contains("workers");
                });
    }

    @Test
    void rejectsAWrongTypedValueWithItsPathAndTheExpectedForm() throws IOException {
        Path file = yaml("platform: { workers: two }\n");

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("platform.workers");
                    assertThat(p.message()).isEqualTo("expected an integer from 1 to 1024, got \"two\"");
                });
    }

    @Test
    void aMeteringWaitOutsideItsRangeIsRefusedWithTheRange() throws IOException {
        Path file = yaml("""
                platform: { metering-wait: 11m }
                """);

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.path()).isEqualTo("platform.metering-wait");
                    assertThat(p.message()).isEqualTo("expected 100ms to 10m (every finished execution may wait that "
                            + "long for its usage to be recorded), got 11m");
                });
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() throws IOException {
        Path file = yaml("""
                platfrom: {}
                platform: { workers: 0, shutdown-timeout: soon, metering-wait: 0s }
                server: { port: [80] }
                scheduler: { provider: Fair }
                tiers: { gold: {}, starter: { cpu-tme: 1s, memory: lots } }
                events: { listeners: log }
                """);

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .extracting(Problem::path)
                .containsExactlyInAnyOrder("platfrom", "platform.workers", "platform.shutdown-timeout",
                        "platform.metering-wait", "server.port",
                        "scheduler.provider", "tiers.gold", "tiers.starter.cpu-tme", "tiers.starter.memory",
                        "events.listeners");
    }

    @Test
    void rejectsASectionThatIsNotAMapping() throws IOException {
        Path file = yaml("database: jdbc:h2:mem:x\n");

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("database");
                    assertThat(p.message()).contains("expected a mapping");
                });
    }

    @Test
    void namesTheFileAndLineOfInvalidYaml() throws IOException {
        Path file = yaml("platform: { workers: 2\nserver: [\n");

        assertThatThrownBy(() -> TenantryConfig.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid YAML at line");
    }

    @Test
    void namesAMissingFile() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> TenantryConfig.load(Optional.of(missing), Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("does not exist");
    }

    @Test
    void appliesEnvironmentOverridesOverTheFile() throws IOException {
        Path file = yaml("scheduler: { provider: fair }\nplatform: { workers: 2 }\n");
        Map<String, String> env = Map.of(
                "TENANTRY_SCHEDULER_PROVIDER", "fifo",
                "TENANTRY_SCHEDULER_MAX_QUEUED", "50",
                "TENANTRY_WORKERS", "6",
                "TENANTRY_DATA_DIR", "/tmp/t",
                "TENANTRY_DB_URL", "jdbc:h2:mem:env",
                "TENANTRY_PORT", "8181",
                "TENANTRY_ADMIN_KEY", "from-env",
                "TENANTRY_QUOTAS_STATE_STORE", "jdbc",
                "TENANTRY_EVENTS_LISTENERS", "log, audit",
                "TENANTRY_TIERS_STARTER_CPU_TIME", "2s");
        env = new HashMap<>(env);
        env.put("TENANTRY_DYNAMIC_LIMITS_INTERVAL", "5m");

        TenantryConfig c = TenantryConfig.load(Optional.of(file), env);

        assertThat(c.scheduler()).isEqualTo(new ProviderSettings(Optional.of("fifo"), Map.of("max-queued", "50")));
        assertThat(c.platform().workers()).isEqualTo(6);
        assertThat(c.platform().dataDir()).isEqualTo(Path.of("/tmp/t"));
        assertThat(c.database().url()).contains("jdbc:h2:mem:env");
        assertThat(c.server()).isEqualTo(new ServerSettings(8181, Optional.of("from-env")));
        assertThat(c.quotas().stateStore()).contains("jdbc");
        assertThat(c.events().listeners()).extracting(NamedPlugin::name).containsExactly("log", "audit");
        assertThat(c.tiers().get(Tier.STARTER).values()).containsEntry("cpu-time", "2s");
        assertThat(c.dynamicLimits().interval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void reportsABadEnvironmentValueWithThePathItOverrides() {
        assertThat(problemsOf(() -> TenantryConfig.load(Optional.empty(), Map.of("TENANTRY_PLATFORM_WORKERS", "many",
                "TENANTRY_SERVER_PORTT", "1"))))
                .extracting(Problem::path).containsExactlyInAnyOrder("platform.workers", "server.portt");
    }

    @Test
    void ignoresVariablesWhoseSecondWordIsNoSection() {
        TenantryConfig c = TenantryConfig.load(Optional.empty(),
                Map.of("TENANTRY_TEST_MYSQL_URL", "jdbc:mysql://x", "TENANTRY_HOME", "/opt", "PATH", "/bin"));

        assertThat(c).isEqualTo(TenantryConfig.defaults());
    }

    @Test
    void neverPrintsPasswordsOrTheAdminKey() throws IOException {
        Path file = yaml("database: { password: hunter2 }\nserver: { admin-key: adm1n }\n"
                + "metering: { provider: jdbc, api-token: tok3n }\n");

        String printed = TenantryConfig.load(Optional.of(file), Map.of()).toString();

        assertThat(printed).doesNotContain("hunter2").doesNotContain("adm1n").doesNotContain("tok3n").contains("<secret>");
    }

    @Test
    void rejectsBadTierOverridesAtLoad() throws IOException {
        Path file = yaml("tiers: { business: { warning-fraction: 0.9, critical-fraction: 0.5 } }\n");

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement().extracting(Problem::path).isEqualTo("tiers.business");
    }

    @Test
    void acceptsAnEmptyFile() throws IOException {
        assertThat(TenantryConfig.load(Optional.of(yaml("")), Map.of())).isEqualTo(TenantryConfig.defaults());
    }

    @Test
    void rejectsAListItemThatIsNeitherANameNorANamedMapping() throws IOException {
        Path file = yaml("billing: { rules: [ [a] ] }\n");

        assertThat(problemsOf(() -> TenantryConfig.load(Optional.of(file), Map.of())))
                .singleElement().extracting(Problem::path).isEqualTo("billing.rules[0]");
    }
}
