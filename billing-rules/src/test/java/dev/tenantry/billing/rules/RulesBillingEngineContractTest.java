package dev.tenantry.billing.rules;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.billing.BillingEngine;
import dev.tenantry.spi.billing.BillingProvider;
import dev.tenantry.spi.billing.BillingRules;
import dev.tenantry.testkit.TestingProviderContext;
import dev.tenantry.testkit.billing.BillingEngineContract;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The billing contract, on the default plans, with the rules handed over the way the platform does. */
class RulesBillingEngineContractTest extends BillingEngineContract {
    @Override
    protected BillingEngine createEngine(BillingRules rules) {
        TestingProviderContext context = new TestingProviderContext(PluginConfig.empty("billing"),
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC), 2, Path.of("target"));
        context.bind(BillingProvider.RULES_KEY, rules);
        return new RulesBillingProvider().create(context);
    }
}
