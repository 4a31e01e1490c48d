package dev.tenantry.core;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.spi.Message;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.events.EventBus;
import dev.tenantry.core.plugins.PlatformProviderContext;
import dev.tenantry.core.plugins.PluginCatalog;
import dev.tenantry.core.plugins.SharedResources;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.Provider;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.event.EventListenerProvider;
import dev.tenantry.spi.event.PlatformEventListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds {@link Platform}s: finds the providers on the module path (or class path, or a given module layer),
 * selects them by name from a {@link TenantryConfig}, creates their services and wires the pipeline.
 *
 * <pre>{@code
 * try (Platform platform = Tenantry.platform(TenantryConfig.load(Optional.of(file), System.getenv()))) {
 *     platform.tenants().create(NewTenant.of("acme", "ACME", Tier.PROFESSIONAL));
 *     ExecutionResult r = platform.execute(TenantId.of("acme"), ExecutionRequest.of("1 + 1"));
 * }
 * }</pre>
 */
public final class Tenantry {
    private Tenantry() {
    }

    /**
     * {@return a started platform for {@code config}}, with the providers visible to core's class loader.
     *
     * @throws ConfigurationException listing every bad value or provider choice with its path
     * @throws dev.tenantry.core.plugins.PluginLoadException if two providers of one extension point share a name
     */
    public static Platform platform(TenantryConfig config) {
        return builder().config(config).build();
    }

    /** {@return a builder with the default configuration, the UTC system clock and core's class loader} */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects what a platform is built from. Not thread-safe; build once. */
    public static final class Builder {
        private TenantryConfig config = TenantryConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private Optional<ModuleLayer> layer = Optional.empty();
        private ClassLoader loader = Tenantry.class.getClassLoader();
        private final List<Provider<?>> extra = new ArrayList<>();

        private Builder() {
        }

        /** Uses {@code newConfig}. */
        public Builder config(TenantryConfig newConfig) {
            this.config = Objects.requireNonNull(newConfig, "config");
            return this;
        }

        /** Uses {@code newClock} for every time the platform and its providers read. */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** Finds providers in the modules of {@code moduleLayer} (and its parents) instead of a class loader. */
        public Builder moduleLayer(ModuleLayer moduleLayer) {
            this.layer = Optional.of(moduleLayer);
            return this;
        }

        /** Finds providers with {@code classLoader}: its named modules and its class path. */
        public Builder classLoader(ClassLoader classLoader) {
            this.loader = Objects.requireNonNull(classLoader, "classLoader");
            this.layer = Optional.empty();
            return this;
        }

        /**
         * Adds providers registered in code, beside those found by {@link java.util.ServiceLoader}; they are
         * selected by name like any other.
         */
        public Builder providers(Collection<? extends Provider<?>> providers) {
            this.extra.addAll(providers);
            return this;
        }

        /** Adds one provider registered in code. */
        public Builder provider(Provider<?> provider) {
            this.extra.add(Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * Builds and starts the platform. On failure everything created so far is closed again.
         *
         * @throws ConfigurationException listing every bad value or provider choice with its path
         * @throws dev.tenantry.core.plugins.PluginLoadException if two providers of one extension point share a name
         */
        public Platform build() {
            try {
                Files.createDirectories(config.dataDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data folder " + config.dataDirectory(), e);
            }
            PluginCatalog catalog = layer.map(l -> PluginCatalog.discover(l, extra))
                    .orElseGet(() -> PluginCatalog.discover(loader, extra));
            Selection selection = Selection.from(catalog, config);
            EventBus events = new EventBus();
            SharedResources shared = new SharedResources();
            CreatedServices services = new CreatedServices();
            try {
                for (Selection.Named<EventListenerProvider> l : selection.listeners()) {
                    ProviderContext ctx = new PlatformProviderContext(
                            PluginConfig.of(l.config().path(), l.config().settings()), clock, events,
                            new ProviderContext.PlatformInfo(config.platform().workers(), config.dataDirectory()),
                            shared);
                    PlatformEventListener listener = l.provider().provider().create(ctx);
                    events.addConfigured(listener);
                }
                var injector = Guice.createInjector(Stage.PRODUCTION,
                        new PlatformModule(config, clock, selection, events, shared, services));
                DefaultPlatform platform = injector.getInstance(DefaultPlatform.class);
                platform.start();
                return platform;
            } catch (CreationException | ProvisionException e) {
                closeQuietly(services, shared, events);
                throw unwrap(e, e instanceof CreationException c ? c.getErrorMessages()
                        : ((ProvisionException) e).getErrorMessages());
            } catch (RuntimeException e) {
                closeQuietly(services, shared, events);
                throw e;
            }
        }

        /** Guice wraps what a provider throws; callers should see the provider's own error. */
        private static RuntimeException unwrap(RuntimeException wrapper, Collection<Message> messages) {
            for (Message m : messages) {
                Throwable cause = m.getCause();
                while (cause != null) {
                    if (cause instanceof ConfigurationException || cause instanceof IllegalStateException
                            || cause instanceof IllegalArgumentException || cause instanceof UncheckedIOException) {
                        return (RuntimeException) cause;
                    }
                    cause = cause.getCause();
                }
            }
            return wrapper;
        }

        private static void closeQuietly(CreatedServices services, SharedResources shared, EventBus events) {
            services.close();
            shared.close();
            events.close();
        }
    }
}
