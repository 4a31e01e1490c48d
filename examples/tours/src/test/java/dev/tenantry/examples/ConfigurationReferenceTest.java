package dev.tenantry.examples;

import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.spi.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The configuration reference in {@code docs/operating.md} against the core's configuration type: for every section
 * the core closes, the keys the page documents are exactly the keys the core accepts (which it lists when it
 * rejects an unknown one).
 */
class ConfigurationReferenceTest {
    private static final Path PAGE = Path.of("../../docs/operating.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)\\.([a-z-]+)` \\|", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private static Set<String> documentedKeys(String section) throws IOException {
        Matcher m = ROW.matcher(Files.readString(PAGE));
        Set<String> keys = new TreeSet<>();
        while (m.find()) {
            if (m.group(1).equals(section)) {
                keys.add(m.group(2));
            }
        }
        return keys;
    }

    private Set<String> acceptedKeys(String section) throws IOException {
        Path file = dir.resolve("probe.yaml");
        Files.writeString(file, section + ":\n  no-such-key: 1\n");
        ConfigurationException e = catchConfiguration(file);
        ConfigurationException.Problem problem = e.problems().stream()
                .filter(p -> p.path().equals(section + ".no-such-key")).findFirst().orElseThrow();
        Matcher list = Pattern.compile("expected one of \\[(.*)]").matcher(problem.message());
        assertThat(list.find()).as(problem.message()).isTrue();
        return Arrays.stream(list.group(1).split(",")).map(String::strip).collect(Collectors.toCollection(TreeSet::new));
    }

    private static ConfigurationException catchConfiguration(Path file) {
        try {
            TenantryConfig.load(Optional.of(file), Map.of());
        } catch (ConfigurationException e) {
            return e;
        }
        throw new AssertionError("the core accepted an unknown key in " + file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform", "database", "server", "events", "dynamic-limits"})
    void documentsExactlyTheKeysTheCoreAcceptsInEachClosedSection(String section) throws IOException {
        assertThat(documentedKeys(section)).as("keys of %s in docs/operating.md", section)
                .isEqualTo(acceptedKeys(section));
    }

    @ParameterizedTest
    @ValueSource(strings = {"platform.workers: 3", "platform.shutdown-timeout: 5s", "database.pool-size: 4",
            "server.port: 0", "quotas.state-store: memory", "tenants.store: memory", "data.store: memory",
            "metering.provider: memory", "dynamic-limits.interval: 2h"})
    void aDocumentedKeyIsReadByTheCore(String setting) throws IOException {
        String[] parts = setting.split("[.:] ?", 3);
        Path file = dir.resolve("key.yaml");
        Files.writeString(file, parts[0] + ":\n  " + parts[1] + ": " + parts[2] + "\n");

        TenantryConfig.load(Optional.of(file), Map.of());

        assertThat(documentedKeys(parts[0])).contains(parts[1]);
    }

    @Test
    void aMisspelledKeyIsRejectedWithItsPathAsThePageSays() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "platform:\n  wokers: 3\n");

        assertThatThrownBy(() -> TenantryConfig.load(Optional.of(file), Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("platform.wokers: unknown key; expected one of [data-dir, metering-wait, shutdown-timeout, workers]");
        assertThat(Files.readString(PAGE))
                .contains("`platform.wokers: unknown key; expected one of [data-dir, metering-wait, shutdown-timeout, workers]`");
    }
}
