package dev.tenantry.spi.tenant;

import dev.tenantry.spi.TenantId;

/** Thrown when a tenant is created (or imported) with an id that is already taken. */
public final class TenantAlreadyExistsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String tenant;

    /** @param tenant the id that is taken */
    public TenantAlreadyExistsException(TenantId tenant) {
        super("tenant " + tenant + " already exists");
        this.tenant = tenant.value();
    }

    /** {@return the id that is taken} */
    public TenantId tenant() {
        return TenantId.of(tenant);
    }
}
