package dev.tenantry.examples.billing.discount;

import dev.tenantry.spi.billing.BillingRuleProvider;
import dev.tenantry.testkit.billing.BillingRuleContract;

import java.util.Map;

class VolumeDiscountRuleContractTest extends BillingRuleContract {
    @Override
    protected BillingRuleProvider provider() {
        return new VolumeDiscountRuleProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Map.of("tenant", tenant().value(), "min-executions", "1000", "percent", "15");
    }
}
