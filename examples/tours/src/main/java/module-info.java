/**
 * The five tours of Tenantry as runnable programs: {@code examples/tour 1} to {@code 5}. They use the core's
 * public API only; the isolation, scheduler and billing providers are found on the module path.
 */
module dev.tenantry.examples {
    requires dev.tenantry.core;
    requires dev.tenantry.spi;

    exports dev.tenantry.examples;
}
