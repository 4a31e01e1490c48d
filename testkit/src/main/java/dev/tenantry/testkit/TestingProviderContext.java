package dev.tenantry.testkit;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link ProviderContext} for testing a provider without the platform: fixed configuration, a clock of the
 * test's choosing, and an event sink that keeps every event for assertions. Closing it closes the shared
 * resources in reverse order of creation, as the platform does.
 */
public final class TestingProviderContext implements ProviderContext, AutoCloseable {
    private final PluginConfig config;
    private final Clock clock;
    private final PlatformInfo platform;
    private final List<PlatformEvent> events = new ArrayList<>();
    private final Map<String, AutoCloseable> shared = new LinkedHashMap<>();

    /**
     * @param config the provider's configuration
     * @param clock the clock the provider reads
     * @param workerSlots worker slots of the pretend platform
     * @param dataDirectory the pretend data folder
     */
    public TestingProviderContext(PluginConfig config, Clock clock, int workerSlots, Path dataDirectory) {
        this.config = config;
        this.clock = clock;
        this.platform = new PlatformInfo(workerSlots, dataDirectory);
    }

    /** {@return a context with the given configuration, the system UTC clock, 2 worker slots and {@code dataDirectory}} */
    public static TestingProviderContext of(PluginConfig config, Path dataDirectory) {
        return new TestingProviderContext(config, Clock.systemUTC(), 2, dataDirectory);
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
        return event -> {
            synchronized (events) {
                events.add(event);
            }
        };
    }

    @Override
    public PlatformInfo platform() {
        return platform;
    }

    @Override
    public synchronized <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<? extends T> factory) {
        AutoCloseable existing = shared.get(key);
        if (existing == null) {
            existing = factory.get();
            shared.put(key, existing);
        }
        return type.cast(existing);
    }

    /** Binds a shared resource up front, as the platform does for the quota state store and billing rules. */
    public synchronized <T extends AutoCloseable> void bind(String key, T resource) {
        shared.put(key, resource);
    }

    /** {@return every event published so far, in order} */
    public List<PlatformEvent> publishedEvents() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public synchronized void close() throws Exception {
        Deque<AutoCloseable> reverse = new ArrayDeque<>();
        shared.values().forEach(reverse::push);
        shared.clear();
        Exception first = null;
        for (AutoCloseable c : reverse) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
