package dev.tenantry.benchmarks.metering;

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

/** The little of a platform the JDBC stores need: configuration, a clock, a data folder and shared resources. */
final class BenchmarkContext implements ProviderContext, AutoCloseable {
    private final PluginConfig config;
    private final PlatformInfo platform;
    private final Map<String, AutoCloseable> shared = new LinkedHashMap<>();

    BenchmarkContext(Map<String, String> config, Path dataDirectory) {
        this.config = PluginConfig.of("database", config);
        this.platform = new PlatformInfo(Runtime.getRuntime().availableProcessors(), dataDirectory);
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Override
    public EventSink events() {
        return event -> { };
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
    public synchronized void close() throws Exception {
        Deque<AutoCloseable> reverse = new ArrayDeque<>();
        shared.values().forEach(reverse::push);
        shared.clear();
        for (AutoCloseable c : reverse) {
            c.close();
        }
    }
}
