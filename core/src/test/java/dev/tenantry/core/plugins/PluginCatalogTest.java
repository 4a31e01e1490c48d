package dev.tenantry.core.plugins;

import dev.tenantry.core.fixtures.FifoSchedulerFixture;
import dev.tenantry.core.memory.InMemoryTenantDataStoreProvider;
import dev.tenantry.core.memory.InMemoryTenantStoreProvider;
import dev.tenantry.core.memory.InMemoryUsageStoreProvider;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.metering.MeteringProvider;
import dev.tenantry.spi.scheduling.Scheduler;
import dev.tenantry.spi.scheduling.SchedulerProvider;
import dev.tenantry.spi.tenant.TenantDataStoreProvider;
import dev.tenantry.spi.tenant.TenantStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginCatalogTest {
    private static final ClassLoader LOADER = PluginCatalog.class.getClassLoader();

    /** A scheduler provider with a name of the test's choosing. */
    private record NamedScheduler(String name, int spiVersion) implements SchedulerProvider {
        NamedScheduler(String name) {
            this(name, 1);
        }

        @Override
        public Scheduler create(ProviderContext context) {
            throw new UnsupportedOperationException("never created in these tests");
        }
    }

    @Test
    void serviceLoaderFindsTheInMemoryProvidersOfCore() {
        assertThat(ServiceLoader.load(TenantStoreProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(InMemoryTenantStoreProvider.class);
        assertThat(ServiceLoader.load(TenantDataStoreProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(InMemoryTenantDataStoreProvider.class);
        assertThat(ServiceLoader.load(MeteringProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(InMemoryUsageStoreProvider.class);
    }

    @Test
    void discoversTheInMemoryStoresNamedMemoryWithTheirModule() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of());

        assertThat(catalog.providers(ExtensionPoint.TENANT_STORE)).singleElement()
                .satisfies(d -> {
                    assertThat(d.name()).isEqualTo("memory");
                    assertThat(d.origin()).isEqualTo("module dev.tenantry.core");
                });
        assertThat(catalog.providers(ExtensionPoint.DATA_STORE)).extracting(DiscoveredProvider::name).containsExactly("memory");
        assertThat(catalog.providers(ExtensionPoint.METERING)).extracting(DiscoveredProvider::name).containsExactly("memory");
    }

    @Test
    void discoversProvidersInTheBootLayerLikeThroughTheClassLoader() {
        PluginCatalog catalog = PluginCatalog.discover(ModuleLayer.boot(), List.of());

        assertThat(catalog.providers(ExtensionPoint.TENANT_STORE)).extracting(DiscoveredProvider::name).containsExactly("memory");
    }

    @Test
    void theOnlyProviderFoundIsTheDefault() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(new FifoSchedulerFixture()));

        assertThat(catalog.select(ExtensionPoint.SCHEDULER, Optional.empty(), "scheduler.provider").name())
                .isEqualTo("fixture-fifo");
    }

    @Test
    void theErrorForAnUnknownNameListsTheNamesFoundAndTheirModules() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(new FifoSchedulerFixture(), new NamedScheduler("fair")));

        assertThatThrownBy(() -> catalog.select(ExtensionPoint.SCHEDULER, Optional.of("fare"), "scheduler.provider"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("invalid configuration: scheduler.provider: no scheduler provider named 'fare'; found: "
                        + "'fixture-fifo' (module dev.tenantry.core), 'fair' (module dev.tenantry.core)");
    }

    @Test
    void severalProvidersAndNoNameIsAnErrorListingThem() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(new FifoSchedulerFixture(), new NamedScheduler("fair")));

        assertThatThrownBy(() -> catalog.select(ExtensionPoint.SCHEDULER, Optional.empty(), "scheduler.provider"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("several scheduler providers found: 'fixture-fifo'")
                .hasMessageContaining("choose one by name with scheduler.provider");
    }

    @Test
    void noProviderFoundNamesTheInterfaceToProvide() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of());

        assertThatThrownBy(() -> catalog.select(ExtensionPoint.ISOLATION, Optional.empty(), "isolation.provider"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no isolation provider found")
                .hasMessageContaining("dev.tenantry.spi.isolation.IsolationProvider");
    }

    @Test
    void twoProvidersWithOneNameFailDiscoveryNamingBoth() {
        assertThatThrownBy(() -> PluginCatalog.discover(LOADER, List.of(new NamedScheduler("fair"), new NamedScheduler("fair"))))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("2 scheduler providers are named 'fair'")
                .hasMessageContaining("'fair' (module dev.tenantry.core), 'fair' (module dev.tenantry.core)");
    }

    @Test
    void refusesAProviderBuiltForAnotherSpiMajorVersionAndSaysSoWhenItIsSelected() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(new NamedScheduler("old", 0)));

        assertThat(catalog.providers(ExtensionPoint.SCHEDULER)).isEmpty();
        assertThatThrownBy(() -> catalog.select(ExtensionPoint.SCHEDULER, Optional.of("old"), "scheduler.provider"))
                .hasMessageContaining("no scheduler provider named 'old'")
                .hasMessageContaining("was built for SPI major version 0, but this platform has SPI 1.1");
    }

    @Test
    void refusesAProviderWithAnInvalidName() {
        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(new NamedScheduler("Fair Share")));

        assertThat(catalog.providers(ExtensionPoint.SCHEDULER)).isEmpty();
        assertThat(catalog.refused(ExtensionPoint.SCHEDULER)).singleElement().asString()
                .contains("invalid name \"Fair Share\"");
    }

    @Test
    void survivesAProviderWhoseNameMethodThrowsWithAPreciseError() {
        SchedulerProvider broken = new SchedulerProvider() {
            @Override
            public String name() {
                throw new IllegalStateException("misconfigured plugin");
            }

            @Override
            public Scheduler create(ProviderContext context) {
                throw new UnsupportedOperationException();
            }
        };

        PluginCatalog catalog = PluginCatalog.discover(LOADER, List.of(broken, new FifoSchedulerFixture()));

        assertThat(catalog.providers(ExtensionPoint.SCHEDULER)).extracting(DiscoveredProvider::name).containsExactly("fixture-fifo");
        assertThat(catalog.refused(ExtensionPoint.SCHEDULER)).singleElement().asString()
                .contains("broken scheduler provider").contains("misconfigured plugin");
    }

    @Test
    void survivesAProviderTheServiceLoaderCannotInstantiateAndNamesItWhenSelected(@TempDir Path classPath) throws Exception {
        Path services = classPath.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SchedulerProvider.class.getName()), "com.example.MissingScheduler\n");

        try (URLClassLoader plugins = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, LOADER)) {
            PluginCatalog catalog = PluginCatalog.discover(plugins, List.of(new FifoSchedulerFixture()));

            assertThat(catalog.providers(ExtensionPoint.SCHEDULER)).extracting(DiscoveredProvider::name)
                    .containsExactly("fixture-fifo");
            assertThat(catalog.refused(ExtensionPoint.SCHEDULER)).singleElement().asString()
                    .startsWith("broken scheduler provider: ").contains("com.example.MissingScheduler");
            assertThatThrownBy(() -> catalog.select(ExtensionPoint.SCHEDULER, Optional.of("missing"), "scheduler.provider"))
                    .hasMessageContaining("refused: broken scheduler provider").hasMessageContaining("MissingScheduler");
        }
    }

    @Test
    void rejectsAnObjectThatProvidesNoExtensionPoint() {
        assertThatThrownBy(() -> PluginCatalog.discover(LOADER, List.of(new dev.tenantry.spi.Provider<AutoCloseable>() {
            @Override
            public String name() {
                return "stray";
            }

            @Override
            public AutoCloseable create(ProviderContext context) {
                return () -> { };
            }
        }))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("implements no provider interface");
    }
}
