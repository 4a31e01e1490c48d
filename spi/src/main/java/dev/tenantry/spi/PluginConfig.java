package dev.tenantry.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw configuration of one provider: flat, dashed, lower-case keys with string values, as read from
 * the platform's configuration file and environment. A provider binds it into its own typed record with
 * the typed getters, which throw a {@link ConfigurationException} naming the full path
 * ({@code path + "." + key}) and the expected form. A provider calls {@link #requireOnly(Set)} to reject
 * keys it does not know, so a misspelled key never passes silently.
 *
 * <p>Immutable and thread-safe. Values of keys listed in {@code secretKeys} never appear in
 * {@link #toString()}.
 *
 * @param path where this section lives in the platform configuration, such as {@code metering}; used in errors
 * @param values the raw values by key; copied
 * @param secretKeys keys whose values must never be logged (passwords, tokens)
 */
public record PluginConfig(String path, Map<String, String> values, Set<String> secretKeys) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?");

    /** Copies the values and validates that nothing is null. */
    public PluginConfig {
        Objects.requireNonNull(path, "path");
        values = Map.copyOf(values);
        secretKeys = Set.copyOf(secretKeys);
    }

    /** {@return a configuration with no secrets} */
    public static PluginConfig of(String path, Map<String, String> values) {
        return new PluginConfig(path, values, Set.of());
    }

    /** {@return an empty configuration at {@code path}} */
    public static PluginConfig empty(String path) {
        return of(path, Map.of());
    }

    /** {@return a copy that masks the values of {@code keys} when printed} */
    public PluginConfig withSecrets(Set<String> keys) {
        Set<String> all = new TreeSet<>(secretKeys);
        all.addAll(keys);
        return new PluginConfig(path, values, all);
    }

    /** {@return the full dotted path of {@code key}, as used in error messages} */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * Rejects every key not in {@code known}.
     *
     * @throws ConfigurationException listing each unknown key with the keys this provider accepts
     */
    public void requireOnly(Set<String> known) {
        List<ConfigurationException.Problem> problems = new ArrayList<>();
        for (String key : new TreeSet<>(values.keySet())) {
            if (!known.contains(key)) {
                problems.add(new ConfigurationException.Problem(pathOf(key),
                        "unknown key; expected one of " + new TreeSet<>(known)));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** {@return the raw value of {@code key}, if set} */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).map(String::strip);
    }

    /** {@return the value of {@code key}, or {@code defaultValue} if it is not set} */
    public String string(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * {@return the value of {@code key}}
     *
     * @throws ConfigurationException if the key is not set
     */
    public String requireString(String key) {
        return get(key).orElseThrow(() -> new ConfigurationException(pathOf(key), "required value is missing"));
    }

    /**
     * {@return the integer value of {@code key} between {@code min} and {@code max}, or {@code defaultValue}}
     *
     * @throws ConfigurationException if the value is not an integer in range
     */
    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    /**
     * {@return the long value of {@code key} between {@code min} and {@code max}, or {@code defaultValue}}
     *
     * @throws ConfigurationException if the value is not an integer in range
     */
    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get().replace("_", ""));
            if (value < min || value > max) {
                throw bad(key, "an integer from " + min + " to " + max, raw.get());
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(key, "an integer from " + min + " to " + max, raw.get());
        }
    }

    /**
     * {@return the decimal value of {@code key} between {@code min} and {@code max}, or {@code defaultValue}}
     *
     * @throws ConfigurationException if the value is not a number in range
     */
    public double fraction(String key, double defaultValue, double min, double max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value >= min && value <= max)) {
                throw bad(key, "a number from " + min + " to " + max, raw.get());
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(key, "a number from " + min + " to " + max, raw.get());
        }
    }

    /**
     * {@return the boolean value of {@code key}, or {@code defaultValue}}
     *
     * @throws ConfigurationException unless the value is {@code true} or {@code false}
     */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(key, "true or false", raw.get());
        };
    }

    /**
     * {@return the duration of {@code key}, or {@code defaultValue}}. Accepts a number with a unit
     * ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}) or ISO-8601 ({@code PT5S}).
     *
     * @throws ConfigurationException if the value is neither form, or negative
     */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> raw = get(key);
        return raw.isEmpty() ? defaultValue : parseDuration(pathOf(key), raw.get());
    }

    /**
     * {@return the size in bytes of {@code key}, or {@code defaultValue}}. Accepts a plain number of bytes or
     * a number with a unit ({@code 64kb}, {@code 128MiB}, {@code 2gb}; units are powers of 1024).
     *
     * @throws ConfigurationException if the value is not a size
     */
    public long bytes(String key, long defaultValue) {
        Optional<String> raw = get(key);
        return raw.isEmpty() ? defaultValue : parseBytes(pathOf(key), raw.get());
    }

    /** {@return the keys below {@code prefix + "."}, with the prefix removed, as a sub-configuration} */
    public PluginConfig section(String prefix) {
        Map<String, String> sub = new TreeMap<>();
        String dotted = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(dotted)) {
                sub.put(k.substring(dotted.length()), v);
            }
        });
        Set<String> secrets = new TreeSet<>();
        secretKeys.forEach(k -> {
            if (k.startsWith(dotted)) {
                secrets.add(k.substring(dotted.length()));
            }
        });
        return new PluginConfig(pathOf(prefix), sub, secrets);
    }

    /**
     * Parses a duration in the forms {@link #duration} accepts.
     *
     * @param path the path to name in the error
     * @param text the text to parse
     * @return the duration, never negative
     * @throws ConfigurationException if the text is not a duration
     */
    public static Duration parseDuration(String path, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(n * 1_000);
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new ConfigurationException(path, "expected a non-negative duration, got \"" + text + "\"");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(path,
                    "expected a duration such as 250ms, 5s, 2m, 1h or PT5S, got \"" + text + "\"");
        }
    }

    /**
     * Parses a size in the forms {@link #bytes} accepts.
     *
     * @param path the path to name in the error
     * @param text the text to parse
     * @return the number of bytes
     * @throws ConfigurationException if the text is not a size
     */
    public static long parseBytes(String path, String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT).replace("_", ""));
        if (!m.matches()) {
            throw new ConfigurationException(path, "expected a size such as 1048576, 64kb or 128mb, got \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb", "kib" -> 1L << 10;
            case "mb", "mib" -> 1L << 20;
            case "gb", "gib" -> 1L << 30;
            case "tb", "tib" -> 1L << 40;
            default -> 1L;
        };
        return Math.multiplyExact(n, factor);
    }

    private ConfigurationException bad(String key, String expected, String actual) {
        String shown = secretKeys.contains(key) ? "<secret>" : "\"" + actual + "\"";
        return new ConfigurationException(pathOf(key), "expected " + expected + ", got " + shown);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((k, v) -> shown.put(k, secretKeys.contains(k) ? "<secret>" : v));
        return "PluginConfig[" + path + "]" + shown;
    }
}
