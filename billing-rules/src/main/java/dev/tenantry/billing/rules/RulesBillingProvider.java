package dev.tenantry.billing.rules;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.billing.BillingRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code rules} billing provider: price plans read from a plan file (the four standard tiers by default,
 * or the file named by configuration key {@code plans}), custom rules taken from the platform under
 * {@link BillingProvider#RULES_KEY}. The plans are validated when the engine is created, so a bad plan stops the
 * platform at start and never fails an invoice.
 *
 * <p>Stateless and thread-safe; each {@link #create} reads the plans anew.
 */
public final class RulesBillingProvider implements BillingProvider {
    /** The provider's name in configuration. */
    public static final String NAME = "rules";
    private static final Logger LOG = LoggerFactory.getLogger(RulesBillingProvider.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "price plans as data: per-unit, graduated, volume and package prices with allowances, minimums"
                + " and discounts";
    }

    /**
     * {@inheritDoc}
     *
     * @throws dev.tenantry.spi.ConfigurationException for unknown keys, a missing plan file, or listing every
     *     problem of the plan file with its path
     */
    @Override
    public BillingEngine create(ProviderContext context) {
        RulesBillingConfig config = RulesBillingConfig.from(context.config());
        PlanCatalog catalog = config.plans().map(PlanCatalog::load).orElseGet(PlanCatalog::defaults);
        BillingRules rules = context.shared(RULES_KEY, BillingRules.class, BillingRules::none);
        LOG.info("billing 'rules' priced by {} ({} plans in {}), {} custom rules", catalog.source(),
                catalog.plans().size(), catalog.currency(), rules.rules().size());
        return new RulesBillingEngine(catalog, rules, config.nearLimitFraction());
    }
}
