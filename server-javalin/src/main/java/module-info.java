/**
 * The reference deployment of Tenantry: the HTTP API (Javalin) over a platform that core assembles from
 * configuration. It names no plugin: the standard ones are on the module path and found by core.
 */
module dev.tenantry.server {
    requires dev.tenantry.core;
    requires io.javalin;
    requires com.fasterxml.jackson.databind;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires org.slf4j;

    exports dev.tenantry.server;
    // The OpenAPI document, the reference page and the default configuration are read as resources.
    opens dev.tenantry.server;
}
