package dev.tenantry.billing.rules;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of the {@code rules} billing provider.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code plans}</td><td>the plans shipped with the module</td><td>path of a plan file (YAML or JSON)
 *       that replaces the default plans</td></tr>
 *   <tr><td>{@code near-limit-fraction}</td><td>0.8</td><td>fraction of a limit from which a tier upgrade is
 *       recommended</td></tr>
 * </table>
 *
 * @param plans the plan file, or empty for the default plans
 * @param nearLimitFraction fraction of a limit from which an upgrade is recommended; in (0, 1]
 */
public record RulesBillingConfig(Optional<Path> plans, double nearLimitFraction) {
    /** Key of the plan file. */
    public static final String PLANS = "plans";
    /** Key of the fraction of a limit from which an upgrade is recommended. */
    public static final String NEAR_LIMIT_FRACTION = "near-limit-fraction";
    /** The default of {@link #nearLimitFraction()}. */
    public static final double DEFAULT_NEAR_LIMIT_FRACTION = 0.8;

    /** Validates the values. */
    public RulesBillingConfig {
        Objects.requireNonNull(plans, "plans");
        if (!(nearLimitFraction > 0 && nearLimitFraction <= 1)) {
            throw new IllegalArgumentException("nearLimitFraction must be in (0, 1], was " + nearLimitFraction);
        }
    }

    /**
     * Binds raw configuration, rejecting unknown keys.
     *
     * @throws ConfigurationException naming each unknown key or bad value with its path
     */
    public static RulesBillingConfig from(PluginConfig config) {
        config.requireOnly(Set.of(PLANS, NEAR_LIMIT_FRACTION));
        Optional<Path> plans = Optional.empty();
        Optional<String> raw = config.get(PLANS);
        if (raw.isPresent()) {
            try {
                Path file = Path.of(raw.get());
                if (!Files.isRegularFile(file)) {
                    throw new ConfigurationException(config.pathOf(PLANS), "plan file \"" + raw.get()
                            + "\" does not exist or is not a regular file");
                }
                plans = Optional.of(file);
            } catch (InvalidPathException e) {
                throw new ConfigurationException(config.pathOf(PLANS), "expected a file path, got \"" + raw.get()
                        + "\": " + e.getReason());
            }
        }
        double fraction = config.fraction(NEAR_LIMIT_FRACTION, DEFAULT_NEAR_LIMIT_FRACTION, Double.MIN_VALUE, 1.0);
        return new RulesBillingConfig(plans, fraction);
    }
}
