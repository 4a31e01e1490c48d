/**
 * Rule-based billing: price plans as data (YAML or JSON), exact invoices with prorated tier changes, custom
 * billing rules, cost estimates and tier recommendations. Provides the {@code rules} billing provider.
 */
module dev.tenantry.billing.rules {
    requires transitive dev.tenantry.spi;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;

    exports dev.tenantry.billing.rules;

    provides dev.tenantry.spi.billing.BillingProvider with dev.tenantry.billing.rules.RulesBillingProvider;
}
