package dev.tenantry.spi;

import dev.tenantry.spi.event.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What the platform hands a {@link Provider} when it creates a service: the provider's own raw
 * configuration and the platform services it may use. A narrow interface on purpose: a provider sees
 * neither the core nor other providers.
 *
 * <p>Implementations are thread-safe. No method returns null.
 */
public interface ProviderContext {

    /** {@return this provider's configuration section, for the provider to bind into its own typed record} */
    PluginConfig config();

    /** {@return the platform clock}; all time-dependent behaviour must read it, so it can be tested in virtual time */
    Clock clock();

    /** {@return where the provider publishes events (threshold warnings, limit changes, kills)} */
    EventSink events();

    /** {@return facts about the platform the provider runs in: worker slots, data folder} */
    PlatformInfo platform();

    /**
     * Returns a resource shared by every provider of this platform under {@code key}, creating it with
     * {@code factory} on first use. The platform closes shared resources after every service that may use
     * them. This is how, for example, several stores of one module share one connection pool without
     * static state.
     *
     * @param key a name unique to the resource, such as {@code "jdbc:" + url}
     * @param type the resource type, checked on every call
     * @param factory creates the resource; called at most once per key and platform
     * @param <T> the resource type
     * @return the shared instance
     * @throws ClassCastException if {@code key} is already bound to a resource of another type
     */
    <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<? extends T> factory);

    /**
     * Facts about the platform a provider is created for.
     *
     * @param workerSlots how many executions the platform runs at once (the number of sandbox workers)
     * @param dataDirectory the folder where embedded stores keep their files; exists
     */
    record PlatformInfo(int workerSlots, Path dataDirectory) {
        /** Validates the values. */
        public PlatformInfo {
            if (workerSlots < 1) {
                throw new IllegalArgumentException("workerSlots must be at least 1, was " + workerSlots);
            }
            java.util.Objects.requireNonNull(dataDirectory, "dataDirectory");
        }
    }
}
