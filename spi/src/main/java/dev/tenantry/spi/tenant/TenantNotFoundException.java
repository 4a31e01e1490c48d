package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

/** Thrown when an operation names a tenant that does not exist. */
public final class TenantNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String tenant;

    /** @param tenant the tenant that was not found */
    public TenantNotFoundException(TenantId tenant) {
        super("tenant " + tenant + " does not exist");
        this.tenant = tenant.value();
    }

    /** {@return the tenant that was not found} */
    public TenantId tenant() {
        return TenantId.of(tenant);
    }
}
