package dev.tenantry.spi.quota;

import dev.tenantry.spi.TenantId;

/**
 * Proof that a request was admitted. If the request does not go ahead after all (its queue is full, the
 * platform shuts down before it runs), the platform calls {@link #refund()} so the request consumes
 * nothing: no tokens, no daily or monthly count.
 *
 * <p>Thread-safe; {@link #refund()} is idempotent.
 */
public interface Permit {

    /** {@return the tenant admitted} */
    TenantId tenant();

    /** {@return the operation type admitted} */
    String operation();

    /** Gives back everything this admission charged. Calling it more than once refunds once. */
    void refund();
}
