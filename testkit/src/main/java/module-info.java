/**
 * Contract tests for Tenantry's extension points. An implementation's test extends the abstract contract
 * of its extension point and supplies the instance under test; the contract asserts what every
 * implementation must do.
 */
module dev.tenantry.testkit {
    requires transitive dev.tenantry.spi;
    requires transitive org.assertj.core;
    requires transitive org.junit.jupiter.api;

    exports dev.tenantry.testkit;
    exports dev.tenantry.testkit.billing;
    exports dev.tenantry.testkit.isolation;
    exports dev.tenantry.testkit.metering;
    exports dev.tenantry.testkit.quota;
    exports dev.tenantry.testkit.scheduling;
    exports dev.tenantry.testkit.tenant;

    opens dev.tenantry.testkit.billing to org.junit.platform.commons;
    opens dev.tenantry.testkit.isolation to org.junit.platform.commons;
    opens dev.tenantry.testkit.metering to org.junit.platform.commons;
    opens dev.tenantry.testkit.quota to org.junit.platform.commons;
    opens dev.tenantry.testkit.scheduling to org.junit.platform.commons;
    opens dev.tenantry.testkit.tenant to org.junit.platform.commons;
}
