/**
 * An example billing rule plugin, {@code volume-discount}: one customer gets a percentage off its invoice once
 * its executions in the period reach a threshold. Depends on the SPI only.
 */
module dev.tenantry.examples.billing.discount {
    requires dev.tenantry.spi;

    exports dev.tenantry.examples.billing.discount;

    provides dev.tenantry.spi.billing.BillingRuleProvider with
            dev.tenantry.examples.billing.discount.VolumeDiscountRuleProvider;
}
