package dev.tenantry.spi.billing;

import dev.tenantry.spi.Provider;

/**
 * Creates {@link BillingRule}s. Every rule provider named in {@code billing.rules} in configuration is
 * created and handed to the billing engine through {@link dev.tenantry.spi.ProviderContext#shared} under
 * {@link BillingProvider#RULES_KEY}.
 */
public interface BillingRuleProvider extends Provider<BillingRule> {
}
