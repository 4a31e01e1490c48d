/**
 * The GraalJS sandbox provider ({@code graaljs}): tenant JavaScript runs in fresh GraalJS contexts inside
 * worker JVMs that the platform can kill, or in-process for embedding and tests.
 */
module dev.tenantry.isolation.graaljs {
    requires dev.tenantry.spi;
    requires org.graalvm.polyglot;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;
    requires java.management;
    requires jdk.management;

    provides dev.tenantry.spi.isolation.IsolationProvider with dev.tenantry.isolation.graaljs.GraalJsIsolationProvider;
}
