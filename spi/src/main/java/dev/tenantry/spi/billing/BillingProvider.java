package dev.tenantry.spi.billing;

import dev.tenantry.spi.Provider;

/** Creates {@link BillingEngine}s; selected with {@code billing.provider} in configuration (for example {@code rules}). */
public interface BillingProvider extends Provider<BillingEngine> {
    /**
     * The key under which the platform shares, through {@link dev.tenantry.spi.ProviderContext#shared}, a
     * {@link BillingRules} holding the custom rules configured for this platform.
     */
    String RULES_KEY = "billing-rules";
}
