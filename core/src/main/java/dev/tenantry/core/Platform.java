package dev.tenantry.core;

import dev.tenantry.core.events.PlatformEvents;
import dev.tenantry.core.tenants.TenantData;
import dev.tenantry.core.tenants.TenantRegistry;
import dev.tenantry.core.transfer.TenantTransfer;
import dev.tenantry.core.transfer.TransferReport;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.CostEstimate;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.TierRecommendation;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.quota.LimitConsumption;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One running Tenantry platform: tenants submit JavaScript, the platform admits it under their quotas,
 * queues it fairly, runs it in a sandbox, meters it and bills it. Built by {@link Tenantry}. Two platforms
 * in one JVM share nothing.
 *
 * <p>Thread-safe. {@link #close()} stops accepting work, drains what is queued and running (within
 * {@code platform.shutdown-timeout}), and closes every service the platform created.
 */
public interface Platform extends AutoCloseable {

    /**
     * Runs a request of {@code tenant} and waits for its result.
     *
     * @return the result: succeeded, failed with a typed error (including {@code metering_unavailable} when
     *     usage could not be recorded), or cancelled by a limit (including {@code queue_timeout})
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     * @throws dev.tenantry.spi.quota.LimitExceededException if the tenant is disabled, admission rejects the
     *     request, or the queue is full; it carries the limit type, limit, current value and retry-after
     * @throws dev.tenantry.spi.metering.MeteringUnavailableException if usage cannot be recorded now (nothing ran)
     * @throws IllegalStateException after {@link #close()}
     */
    ExecutionResult execute(TenantId tenant, ExecutionRequest request);

    /**
     * Submits a request of {@code tenant} without waiting. The future fails with the exceptions
     * {@link #execute} throws, and completes with the result otherwise.
     */
    CompletableFuture<ExecutionResult> submit(TenantId tenant, ExecutionRequest request);

    /**
     * Submits a request of {@code tenant} as {@link #submit} does, and {@return the execution's id at once with
     * the future of its result}. The id is the one the result and the execution's usage event will carry, so
     * an asynchronous caller can hand it to the tenant before the execution ran. The future fails as
     * {@link #submit}'s does; the id of an execution that was not run names nothing.
     */
    Submission start(TenantId tenant, ExecutionRequest request);

    /** {@return the tenant registry: tenants, tiers and API keys} */
    TenantRegistry tenants();

    /** {@return a tenant's metered usage in {@code [from, to)}} */
    UsageSummary usage(TenantId tenant, Instant from, Instant to);

    /** {@return a tenant's metered usage in {@code [from, to)} per UTC bucket, oldest first} */
    List<UsageSummary> usage(TenantId tenant, Granularity granularity, Instant from, Instant to);

    /**
     * {@return the invoice of a tenant for a UTC calendar month}, priced by the billing provider with the
     * tier spans from the tenant's tier history.
     *
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     * @throws IllegalStateException if no billing provider is installed
     * @throws dev.tenantry.spi.billing.BillingException if the billing provider cannot price it
     */
    Invoice invoice(TenantId tenant, YearMonth month);

    /** {@return the invoice of a tenant for {@code [from, to)}}, as {@link #invoice(TenantId, YearMonth)} */
    Invoice invoice(TenantId tenant, Instant from, Instant to);

    /**
     * {@return the cost of the current UTC month so far and its linear forecast to the month's end}
     *
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     * @throws IllegalStateException if no billing provider is installed
     */
    CostEstimate estimate(TenantId tenant);

    /**
     * {@return the billing provider's tier suggestions for a tenant, judged on its usage in {@code month}}
     *
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     * @throws IllegalStateException if no billing provider is installed
     */
    List<TierRecommendation> recommendations(TenantId tenant, YearMonth month);

    /**
     * {@return how much of each admission limit the tenant has consumed now}, as the quota policy reports it
     *
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     */
    List<LimitConsumption> consumption(TenantId tenant);

    /**
     * Runs the dynamic limit policy now (it also runs every {@code dynamic-limits.interval}), raising or
     * lowering tenants' limits by its rules.
     *
     * @return the changes made, also published as {@code limit_changed} events
     * @throws IllegalStateException if {@code dynamic-limits.enabled} is not true
     */
    List<PlatformEvent.LimitChanged> adjustLimits();

    /** {@return where this platform's events can be followed} */
    PlatformEvents events();

    /** {@return the selected provider of each extension point, such as {@code scheduler -> fair (module ...)}} */
    Map<String, String> providers();

    /** {@return how many executions run at once} */
    int workers();

    /**
     * {@return how many admitted executions wait in the scheduler's queue now, all tenants together}. Cheap
     * enough for a metrics scrape: it takes the scheduler's lock for one call.
     */
    int queueDepth();

    /**
     * Asks each store a cheap question (all at once, within five seconds) and checks that the workers take work.
     *
     * @return one check per part; {@link Readiness#ready()} is false if any part did not answer
     */
    Readiness readiness();

    /** {@return tenants' key-value data, under the same keys, limits and isolation as the guest's {@code kv}} */
    TenantData data();

    /**
     * Writes a tenant's export document (see {@link TenantTransfer}) to {@code out}; does not close it.
     *
     * @throws dev.tenantry.spi.tenant.TenantNotFoundException if the tenant does not exist
     * @throws UnsupportedOperationException if the usage store offers no {@code history()}
     * @throws IOException if writing fails
     */
    TransferReport exportTenant(TenantId tenant, OutputStream out) throws IOException;

    /**
     * Imports a tenant from an export document (see {@link TenantTransfer}).
     *
     * @return the counts and checksums verified
     * @throws dev.tenantry.core.transfer.TransferDocumentException if the document is malformed or tampered
     *     with (it names the section); nothing was written
     * @throws dev.tenantry.spi.tenant.TenantAlreadyExistsException if the tenant id is taken here
     * @throws UnsupportedOperationException if the usage store offers no {@code history()}
     * @throws IOException if reading fails
     */
    TransferReport importTenant(InputStream in) throws IOException;

    /** Shuts the platform down (see the type's description). Idempotent. */
    @Override
    void close();
}
