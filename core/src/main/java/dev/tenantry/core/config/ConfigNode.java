package dev.tenantry.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tenantry.spi.ConfigurationException.Problem;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A position in the parsed configuration tree with its dotted path. Reading through it never throws:
 * every misfit (a list where a value belongs, an unknown key) is added to the shared problem list, so
 * that loading reports all problems at once.
 */
final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final List<Problem> problems;

    ConfigNode(JsonNode node, String path, List<Problem> problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String at, String message) {
        problems.add(new Problem(at, message));
    }

    /** The mapping under {@code key}; an empty one if absent, with a problem if it is not a mapping. */
    ConfigNode mapping(String key) {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            return new ConfigNode(JsonNodeFactory.instance.objectNode(), pathOf(key), problems);
        }
        if (!child.isObject()) {
            problem(pathOf(key), "expected a mapping of keys to values, got " + describe(child));
            return new ConfigNode(JsonNodeFactory.instance.objectNode(), pathOf(key), problems);
        }
        return new ConfigNode(child, pathOf(key), problems);
    }

    /** The scalar under {@code key} as text; empty if absent or null, with a problem if it is not a scalar. */
    Optional<String> scalar(String key) {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            return Optional.empty();
        }
        if (!child.isValueNode()) {
            problem(pathOf(key), "expected a single value, got " + describe(child));
            return Optional.empty();
        }
        return Optional.of(child.asText());
    }

    /** Reports every key not in {@code known}, naming the keys that are. */
    void requireOnly(Set<String> known) {
        for (String key : keys()) {
            if (!known.contains(key)) {
                problem(pathOf(key), "unknown key; expected one of " + new TreeSet<>(known));
            }
        }
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    boolean has(String key) {
        JsonNode child = node.get(key);
        return child != null && !child.isNull();
    }

    /**
     * A list of plugin references under {@code key}: each item either a name, or a mapping with a
     * {@code name} and the plugin's own keys.
     */
    List<NamedPlugin> pluginList(String key) {
        JsonNode child = node.get(key);
        List<NamedPlugin> plugins = new ArrayList<>();
        if (child == null || child.isNull()) {
            return plugins;
        }
        if (!child.isArray()) {
            problem(pathOf(key), "expected a list of provider names, got " + describe(child));
            return plugins;
        }
        for (int i = 0; i < child.size(); i++) {
            JsonNode item = child.get(i);
            String itemPath = pathOf(key) + "[" + i + "]";
            if (item.isTextual()) {
                plugins.add(new NamedPlugin(item.asText().strip(), itemPath, Map.of()));
            } else if (item.isObject() && item.hasNonNull("name") && item.get("name").isTextual()) {
                ConfigNode itemNode = new ConfigNode(item, itemPath, problems);
                Map<String, String> settings = itemNode.flatten(Set.of("name"));
                plugins.add(new NamedPlugin(item.get("name").asText().strip(), itemPath, settings));
            } else {
                problem(itemPath, "expected a provider name, or a mapping with a \"name\" and the provider's keys, got "
                        + describe(item));
            }
        }
        return plugins;
    }

    /**
     * Every value below this node as flat, dotted keys, leaving out {@code excluded} top-level keys. Lists of
     * values become comma-separated text; lists of mappings are indexed ({@code plans.0.tier}).
     */
    Map<String, String> flatten(Set<String> excluded) {
        Map<String, String> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!excluded.contains(e.getKey())) {
                flattenInto(out, e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static void flattenInto(Map<String, String> out, String key, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isObject()) {
            value.fields().forEachRemaining(e -> flattenInto(out, key + "." + e.getKey(), e.getValue()));
        } else if (value.isArray()) {
            boolean allScalars = true;
            for (JsonNode item : value) {
                allScalars &= item.isValueNode();
            }
            if (allScalars) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(item.asText()));
                out.put(key, String.join(",", items));
            } else {
                for (int i = 0; i < value.size(); i++) {
                    flattenInto(out, key + "." + i, value.get(i));
                }
            }
        } else {
            out.put(key, value.asText());
        }
    }

    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "\"" + node.asText() + "\"";
    }
}
