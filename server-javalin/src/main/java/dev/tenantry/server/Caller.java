package dev.tenantry.server;

import dev.tenantry.spi.TenantId;

/** Who sent a request, as its API key proves: the operator or one tenant. */
public sealed interface Caller {
    /** {@return the scope idempotency keys and other per-caller state live in} */
    String scope();

    /** The operator, holding the admin key. */
    record Admin() implements Caller {
        @Override
        public String scope() {
            return "admin";
        }
    }

    /** A tenant, holding one of its active API keys. @param tenant the tenant */
    record Tenant(TenantId tenant) implements Caller {
        @Override
        public String scope() {
            return "tenant:" + tenant.value();
        }
    }
}
