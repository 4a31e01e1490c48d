package dev.tenantry.spi;

/**
 * A factory for one extension point, found with {@link java.util.ServiceLoader} and selected by
 * {@link #name()} from configuration. Each extension point has its own sub-interface (for example
 * {@link dev.tenantry.spi.isolation.IsolationProvider}); a module declares it with
 * {@code provides ... with ...} in its {@code module-info} and in a {@code META-INF/services} file,
 * so that it works on the module path and on the class path alike.
 *
 * <p>Providers are singletons, stateless and thread-safe; each call to {@link #create} returns a new,
 * independent service, so that two platforms in one JVM never share state. The platform closes what it
 * created, in reverse order of creation, when it shuts down.
 *
 * @param <S> the service this provider creates
 */
public interface Provider<S extends AutoCloseable> {

    /**
     * {@return the stable, lower-case name used to select this provider in configuration}, for example
     * {@code "fair"} or {@code "graaljs"}. Must match {@code [a-z][a-z0-9-]*} and never change between
     * releases, since deployments name it in their configuration files.
     */
    String name();

    /**
     * Creates the service.
     *
     * @param context the platform services and this provider's raw configuration; never null
     * @return a new service, never null
     * @throws ConfigurationException if the configuration has unknown keys or bad values; the
     *     exception lists every problem with its path
     */
    S create(ProviderContext context);

    /** {@return the major SPI version this provider was built against}; the default is the current one. */
    default int spiVersion() {
        return SpiVersion.MAJOR;
    }

    /** {@return a one-line human description, shown when the platform lists what it found} */
    default String description() {
        return getClass().getName();
    }
}
