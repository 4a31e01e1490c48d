package dev.tenantry.benchmarks.scheduling;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/** Creates schedulers by name through {@link ServiceLoader}, as the platform does, for the benchmarks. */
final class Schedulers {
    /** The three policies compared, in the order tables show them. */
    static final String[] NAMES = {"fair", "priority-aging", "fifo"};

    private Schedulers() {
    }

    static Scheduler create(String name, int workers, Map<String, String> config) {
        SchedulerProvider provider = ServiceLoader.load(SchedulerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scheduler named " + name));
        return provider.create(new Context(PluginConfig.of("scheduler", config), workers));
    }

    /** The narrow context a scheduler needs: its configuration and the number of workers. */
    private record Context(PluginConfig config, int workers) implements ProviderContext {
        @Override
        public Clock clock() {
            return Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        }

        @Override
        public EventSink events() {
            return EventSink.DISCARD;
        }

        @Override
        public PlatformInfo platform() {
            return new PlatformInfo(workers, Path.of("."));
        }

        @Override
        public <T extends AutoCloseable> T shared(String key, Class<T> type, Supplier<? extends T> factory) {
            return type.cast(factory.get());
        }
    }
}
