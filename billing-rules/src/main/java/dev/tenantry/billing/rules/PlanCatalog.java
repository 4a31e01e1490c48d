package dev.tenantry.billing.rules;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.tenant.Tier;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The price plans of a platform, one per tier, read from a plan file and validated as a whole. Every plan in
 * a catalog has the same currency, so that a tier change within a period and a comparison between tiers never
 * mix currencies.
 *
 * <p>A plan file is YAML (or JSON, which YAML reads too); its form is described in {@code docs/billing.md}.
 * Loading reports every problem at once, each with its path (such as
 * {@code plans.professional.meters.cpu_ms.tiers[2].upTo}), as a {@link ConfigurationException}; a catalog
 * that loads can price any usage, so invoices never fail because of the plan.
 *
 * <p>Immutable and thread-safe.
 *
 * @param plans the plan of each tier that has one, iterated in {@link Tier} order
 * @param currency the currency of every plan
 * @param source where the plans were read from, for messages
 */
public record PlanCatalog(Map<Tier, PricePlan> plans, Currency currency, String source) {

    /** The resource, next to this class, holding the plans of the four standard tiers. */
    public static final String DEFAULT_RESOURCE = "default-plans.yaml";

    /** Copies the plans and checks that they share the currency. */
    public PlanCatalog {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(source, "source");
        EnumMap<Tier, PricePlan> ordered = new EnumMap<>(Tier.class);
        ordered.putAll(plans);
        for (PricePlan plan : ordered.values()) {
            if (!plan.currency().equals(currency)) {
                throw new IllegalArgumentException("plan " + plan.tier() + " is in " + plan.currency()
                        + ", the catalog in " + currency);
            }
        }
        plans = Collections.unmodifiableMap(ordered);
    }

    /** {@return the plan of {@code tier}, if the catalog has one} */
    public Optional<PricePlan> plan(Tier tier) {
        return Optional.ofNullable(plans.get(tier));
    }

    /**
     * Parses and validates a plan document.
     *
     * @param text the YAML or JSON text
     * @param source where it came from, for messages
     * @throws ConfigurationException listing every problem with its path
     */
    public static PlanCatalog parse(String text, String source) {
        return new PlanParser(source).parse(text);
    }

    /**
     * Reads, parses and validates a plan file.
     *
     * @throws ConfigurationException if the file cannot be read, or listing every problem with its path
     */
    public static PlanCatalog load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(file.toString(), "cannot read the plan file: " + e);
        }
        return parse(text, file.toString());
    }

    /** {@return the plans shipped with the module for the four standard tiers} */
    public static PlanCatalog defaults() {
        return resource(DEFAULT_RESOURCE);
    }

    /**
     * {@return the plans in a resource of this module}, next to this class.
     *
     * @throws ConfigurationException if there is no such resource or it is not a valid plan file
     */
    public static PlanCatalog resource(String name) {
        // A module can always read its own resources, encapsulated or not, so this works on the module path.
        try (InputStream in = PlanCatalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ConfigurationException(name, "no such plan resource in module dev.tenantry.billing.rules");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "resource " + name);
        } catch (IOException e) {
            throw new ConfigurationException(name, "cannot read the plan resource: " + e);
        }
    }
}
