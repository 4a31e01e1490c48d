package dev.tenantry.examples.billing.discount;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.billing.BillingRule;
import dev.tenantry.spi.billing.BillingRuleProvider;

/**
 * Creates {@link VolumeDiscountRule}s; named in configuration as an item of {@code billing.rules}:
 *
 * <pre>{@code
 * billing:
 *   rules:
 *     - name: volume-discount
 *       tenant: acme
 *       min-executions: 100000
 *       percent: 10
 * }</pre>
 *
 * Keys are those of {@link VolumeDiscountSettings}. Stateless and thread-safe.
 */
public final class VolumeDiscountRuleProvider implements BillingRuleProvider {

    /** The name used in configuration. */
    public static final String NAME = "volume-discount";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public VolumeDiscountRuleProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a percentage off one customer's invoice above a number of executions";
    }

    @Override
    public BillingRule create(ProviderContext context) {
        return new VolumeDiscountRule(VolumeDiscountSettings.bind(context.config()));
    }
}
