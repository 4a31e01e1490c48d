package dev.tenantry.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Keeps secret values out of printed configuration. */
final class Secrets {
    /** Key words that mark a value as secret wherever it appears, since core cannot know every provider's keys. */
    private static final Set<String> WORDS = Set.of("password", "secret", "token", "admin-key", "credentials");

    private Secrets() {
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return WORDS.stream().anyMatch(k::contains);
    }

    static Map<String, String> masked(Map<String, String> values) {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, isSecret(k) ? "<secret>" : v));
        return shown;
    }
}
