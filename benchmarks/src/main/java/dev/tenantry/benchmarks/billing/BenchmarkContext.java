package dev.tenantry.benchmarks.billing;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.event.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The narrow platform a provider needs in a benchmark: its configuration, a clock and shared resources. */
final class BenchmarkContext implements ProviderContext, AutoCloseable {
    private final PluginConfig config;
    private final Clock clock;
    private final PlatformInfo platform;
    private final Map<String, AutoCloseable> shared = new LinkedHashMap<>();

    BenchmarkContext(PluginConfig config, Clock clock, Path dataDirectory) {
        this.config = config;
        this.clock = clock;
        this.platform = new PlatformInfo(Runtime.getRuntime().availableProcessors(), dataDirectory);
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public EventSink events() {
        return EventSink.DISCARD;
    }

    @Override
    public PlatformInfo platform() {
        return platform;
    }

    @Override
    public synchronized <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<? extends T> factory) {
        return type.cast(shared.computeIfAbsent(key, k -> factory.get()));
    }

    @Override
    public synchronized void close() {
        Deque<AutoCloseable> reverse = new ArrayDeque<>();
        shared.values().forEach(reverse::push);
        shared.clear();
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close a shared resource", e);
            }
        }
    }
}
