package dev.tenantry.core.plugins;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.event.EventSink;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the platform hands one provider: its configuration section and the platform's clock, event sink,
 * facts and shared resources. Immutable; thread-safe.
 *
 * @param config the provider's configuration
 * @param clock the platform clock
 * @param events the platform's event sink
 * @param platform facts about the platform
 * @param resources the platform's shared resources
 */
public record PlatformProviderContext(PluginConfig config, Clock clock, EventSink events, PlatformInfo platform,
                                      SharedResources resources) implements ProviderContext {
    /** Validates that nothing is null. */
    public PlatformProviderContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(resources, "resources");
    }

    @Override
    public <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<? extends T> factory) {
        return resources.get(key, type, factory);
    }
}
