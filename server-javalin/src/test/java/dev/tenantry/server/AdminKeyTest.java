package dev.tenantry.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminKeyTest {
    @TempDir
    Path dir;

    @Test
    void generatedKeyIsPrintedOnceAndStoredOnlyAsItsHash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AdminKey first = AdminKey.resolve(Optional.empty(), dir, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        String key = printed.substring(printed.indexOf("tadm_")).strip();
        assertThat(first.matches(key)).isTrue();
        assertThat(Files.readString(dir.resolve(AdminKey.HASH_FILE))).doesNotContain(key);

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        AdminKey second = AdminKey.resolve(Optional.empty(), dir, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(again.size()).isZero();
        assertThat(second.matches(key)).isTrue();
        assertThat(second.matches(key + "x")).isFalse();
    }

    @Test
    void configuredKeyWinsAndNothingIsWritten() {
        AdminKey k = AdminKey.resolve(Optional.of("configured-admin-key-123"), dir, System.out);
        assertThat(k.matches("configured-admin-key-123")).isTrue();
        assertThat(dir.resolve(AdminKey.HASH_FILE)).doesNotExist();
        assertThat(k.toString()).doesNotContain("configured");
    }

    @Test
    void rejectsAShortConfiguredKey() {
        assertThatThrownBy(() -> AdminKey.of("short")).hasMessageContaining("at least 16");
    }
}
