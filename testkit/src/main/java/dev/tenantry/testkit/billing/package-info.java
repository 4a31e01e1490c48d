/** The contract of billing engines: {@link dev.tenantry.testkit.billing.BillingEngineContract}. */
package dev.tenantry.testkit.billing;
