package dev.tenantry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.spi.ConfigurationException.Problem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies {@code TENANTRY_...} environment variables to the parsed configuration tree, so that the same
 * validation reports a bad value from the environment or the file alike.
 */
final class EnvOverrides {
    private static final String PREFIX = "TENANTRY_";
    /** Short names kept for operators and container images; they win over the generic form. */
    private static final Map<String, String[]> NAMED = Map.of(
            "TENANTRY_DATA_DIR", new String[] {"platform", "data-dir"},
            "TENANTRY_WORKERS", new String[] {"platform", "workers"},
            "TENANTRY_DB_URL", new String[] {"database", "url"},
            "TENANTRY_DB_USER", new String[] {"database", "user"},
            "TENANTRY_DB_PASSWORD", new String[] {"database", "password"},
            "TENANTRY_PORT", new String[] {"server", "port"},
            "TENANTRY_ADMIN_KEY", new String[] {"server", "admin-key"});
    private static final Map<String, String> LISTS = Map.of("billing", "rules", "events", "listeners");

    private EnvOverrides() {
    }

    static void apply(ObjectNode root, Map<String, String> env, List<Problem> problems) {
        // Sorted so that the outcome never depends on the order of the environment.
        Map<String, String> sorted = new TreeMap<>(env);
        sorted.forEach((name, value) -> {
            if (!name.startsWith(PREFIX) || NAMED.containsKey(name)) {
                return;
            }
            String rest = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
            // A section name may itself hold a dash (dynamic-limits), written '_' like every other.
            String section = ConfigLoader.SECTIONS.stream()
                    .filter(s -> rest.startsWith(s.replace('-', '_') + "_") && rest.length() > s.length() + 1)
                    .findFirst().orElse(null);
            if (section == null) {
                return;
            }
            String key = rest.substring(section.length() + 1);
            if (section.equals("tiers")) {
                int tierCut = key.indexOf('_');
                if (tierCut <= 0 || tierCut == key.length() - 1) {
                    problems.add(new Problem("env " + name, "expected TENANTRY_TIERS_<TIER>_<LIMIT>"));
                    return;
                }
                set(root, problems, name, value, "tiers", key.substring(0, tierCut),
                        key.substring(tierCut + 1).replace('_', '-'));
                return;
            }
            set(root, problems, name, value, section, key.replace('_', '-'));
        });
        NAMED.forEach((name, path) -> {
            String value = env.get(name);
            if (value != null) {
                set(root, problems, name, value, path);
            }
        });
    }

    private static void set(ObjectNode root, List<Problem> problems, String variable, String value, String... path) {
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(path[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                problems.add(new Problem(String.join(".", List.of(path).subList(0, i + 1)),
                        "expected a mapping to apply " + variable + " to, got " + ConfigNode.describe(child)));
                return;
            }
        }
        String key = path[path.length - 1];
        if (path.length == 2 && key.equals(LISTS.get(path[0]))) {
            ArrayNode list = node.putArray(key);
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(item.strip());
                }
            }
        } else {
            node.put(key, value);
        }
    }
}
