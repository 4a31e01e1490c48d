package dev.tenantry.spi.billing;

import java.util.Comparator;
import java.util.List;

/**
 * The custom billing rules of a platform, in the order they run (ascending {@link BillingRule#order()},
 * then name). Shared by the platform with the billing engine; closing it closes every rule.
 *
 * @param rules the rules, sorted on construction
 */
public record BillingRules(List<BillingRule> rules) implements AutoCloseable {
    /** Sorts and copies the rules. */
    public BillingRules {
        rules = rules.stream()
                .sorted(Comparator.comparingInt(BillingRule::order).thenComparing(BillingRule::name))
                .toList();
    }

    /** {@return no rules} */
    public static BillingRules none() {
        return new BillingRules(List.of());
    }

    @Override
    public void close() {
        rules.forEach(BillingRule::close);
    }
}
