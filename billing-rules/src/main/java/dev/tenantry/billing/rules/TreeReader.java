package dev.tenantry.billing.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tenantry.spi.ConfigurationException.Problem;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of a document tree, recording a {@link Problem} with the value's path for every bad or
 * unknown value and carrying on, so that one pass finds every problem. Not thread-safe.
 */
final class TreeReader {
    private final List<Problem> problems;

    /** @param problems where problems are added */
    TreeReader(List<Problem> problems) {
        this.problems = problems;
    }

    BigDecimal required(JsonNode parent, String key, String parentPath) {
        String path = parentPath + "." + key;
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            problem(path, "is required");
            return BigDecimal.ZERO;
        }
        return nonNegative(node, path, BigDecimal.ZERO);
    }

    BigDecimal nonNegative(JsonNode node, String path, BigDecimal defaultValue) {
        if (node == null) {
            return defaultValue;
        }
        Optional<BigDecimal> value = decimal(node, path);
        if (value.isPresent() && value.get().signum() < 0) {
            problem(path, "must not be negative, got " + value.get().toPlainString());
            return defaultValue;
        }
        return value.orElse(defaultValue);
    }

    Optional<BigDecimal> decimal(JsonNode node, String path) {
        if (node.isNumber()) {
            return Optional.of(node.decimalValue());
        }
        if (node.isTextual()) {
            try {
                return Optional.of(new BigDecimal(node.asText().strip().replace("_", "")));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(path, "expected a decimal number such as 0.0001, got " + node);
        return Optional.empty();
    }

    void onlyKeys(JsonNode node, String path, Set<String> known) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!known.contains(property.getKey())) {
                unknown.add(property.getKey());
            }
        }
        for (String name : unknown) {
            problem(path.isEmpty() ? name : path + "." + name, "unknown key; expected one of " + new TreeSet<>(known));
        }
    }

    void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
    }
}
