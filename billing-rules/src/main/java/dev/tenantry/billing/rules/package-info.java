/**
 * The {@code rules} billing provider: {@link dev.tenantry.billing.rules.PlanCatalog price plans} read from YAML or
 * JSON and validated as a whole, priced into invoices by tier span with prorated fees and allowances, custom
 * billing rules, estimates and tier recommendations. See {@code docs/billing.md}.
 */
package dev.tenantry.billing.rules;
