package dev.tenantry.core.plugins;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.Provider;
import dev.tenantry.spi.SpiVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every provider found for every extension point, checked: a provider that cannot be instantiated
 * ({@link ServiceConfigurationError}), was built for another SPI major version, or has an invalid name is
 * refused with a precise error and named again if configuration selects it; two providers of one extension
 * point with one name fail discovery. Immutable once built; thread-safe.
 */
public final class PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PluginCatalog.class);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    /** A guard against a loader that keeps failing on the same entry. */
    private static final int MAX_ERRORS_PER_POINT = 64;

    private final Map<ExtensionPoint<?>, List<DiscoveredProvider<?>>> found;
    private final Map<ExtensionPoint<?>, List<String>> refused;

    private PluginCatalog(Map<ExtensionPoint<?>, List<DiscoveredProvider<?>>> found,
                          Map<ExtensionPoint<?>, List<String>> refused) {
        this.found = found;
        this.refused = refused;
    }

    /**
     * Finds the providers visible to {@code loader}: those in named modules defined to it or its ancestors
     * (the module path) and those on its class path, plus {@code extra} ones registered in code.
     *
     * @throws PluginLoadException if two providers of one extension point share a name
     */
    public static PluginCatalog discover(ClassLoader loader, List<? extends Provider<?>> extra) {
        Objects.requireNonNull(loader, "loader");
        return build(point -> ServiceLoader.load(point.type(), loader), extra);
    }

    /**
     * Finds the providers in the modules of {@code layer} and its parents, plus {@code extra} ones.
     *
     * @throws PluginLoadException if two providers of one extension point share a name
     */
    public static PluginCatalog discover(ModuleLayer layer, List<? extends Provider<?>> extra) {
        Objects.requireNonNull(layer, "layer");
        return build(point -> ServiceLoader.load(layer, point.type()), extra);
    }

    private static PluginCatalog build(Function<ExtensionPoint<?>, ServiceLoader<? extends Provider<?>>> loaders,
                                       List<? extends Provider<?>> extra) {
        Map<ExtensionPoint<?>, List<DiscoveredProvider<?>>> found = new LinkedHashMap<>();
        Map<ExtensionPoint<?>, List<String>> refused = new LinkedHashMap<>();
        List<String> fatal = new ArrayList<>();
        for (ExtensionPoint<?> point : ExtensionPoint.ALL) {
            List<DiscoveredProvider<?>> ok = new ArrayList<>();
            List<String> bad = new ArrayList<>();
            Iterator<? extends Provider<?>> it = loaders.apply(point).iterator();
            int errors = 0;
            while (errors < MAX_ERRORS_PER_POINT) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    accept(point, it.next(), ok, bad);
                } catch (ServiceConfigurationError e) {
                    errors++;
                    String why = "broken " + point.kind() + " provider: " + e.getMessage()
                            + (e.getCause() == null ? "" : " (caused by " + e.getCause() + ")");
                    LOG.error("{}", why);
                    bad.add(why);
                }
            }
            for (Provider<?> p : extra) {
                if (point.type().isInstance(p)) {
                    accept(point, p, ok, bad);
                }
            }
            Map<String, List<DiscoveredProvider<?>>> byName = ok.stream()
                    .collect(Collectors.groupingBy(DiscoveredProvider::name, LinkedHashMap::new, Collectors.toList()));
            byName.forEach((name, same) -> {
                if (same.size() > 1) {
                    fatal.add(same.size() + " " + point.kind() + " providers are named '" + name + "': "
                            + same.stream().map(DiscoveredProvider::describe).collect(Collectors.joining(", "))
                            + "; remove all but one from the module path");
                }
            });
            found.put(point, List.copyOf(ok));
            refused.put(point, List.copyOf(bad));
        }
        for (Provider<?> p : extra) {
            if (ExtensionPoint.ALL.stream().noneMatch(point -> point.type().isInstance(p))) {
                throw new IllegalArgumentException(p.getClass().getName() + " implements no provider interface of the SPI");
            }
        }
        if (!fatal.isEmpty()) {
            throw new PluginLoadException(fatal);
        }
        return new PluginCatalog(found, refused);
    }

    private static <P extends Provider<?>> void accept(ExtensionPoint<P> point, Provider<?> candidate,
                                                       List<DiscoveredProvider<?>> ok, List<String> bad) {
        P provider = point.type().cast(candidate);
        String origin = DiscoveredProvider.originOf(provider);
        String name;
        int version;
        try {
            name = provider.name();
            version = provider.spiVersion();
        } catch (RuntimeException e) {
            String why = "broken " + point.kind() + " provider " + provider.getClass().getName() + " (" + origin
                    + "): name() or spiVersion() failed: " + e;
            LOG.error("{}", why);
            bad.add(why);
            return;
        }
        if (name == null || !NAME.matcher(name).matches()) {
            String why = point.kind() + " provider " + provider.getClass().getName() + " (" + origin
                    + ") has an invalid name \"" + name + "\"; a name must match [a-z][a-z0-9-]*";
            LOG.error("{}", why);
            bad.add(why);
            return;
        }
        if (version != SpiVersion.MAJOR) {
            String why = point.kind() + " provider '" + name + "' (" + origin + ") was built for SPI major version "
                    + version + ", but this platform has SPI " + SpiVersion.asString() + "; use a build of it for SPI "
                    + SpiVersion.MAJOR;
            LOG.error("{}", why);
            bad.add(why);
            return;
        }
        DiscoveredProvider<P> d = new DiscoveredProvider<>(point, provider, origin);
        LOG.info("registered {} '{}' from {}", point.kind(), name, origin);
        ok.add(d);
    }

    /** {@return the usable providers of {@code point}, in discovery order} */
    @SuppressWarnings("unchecked")
    public <P extends Provider<?>> List<DiscoveredProvider<P>> providers(ExtensionPoint<P> point) {
        return (List<DiscoveredProvider<P>>) (List<?>) found.getOrDefault(point, List.of());
    }

    /** {@return the errors of the providers of {@code point} that were refused} */
    public List<String> refused(ExtensionPoint<?> point) {
        return refused.getOrDefault(point, List.of());
    }

    /**
     * Selects the provider named {@code name}, or the only one if no name is given.
     *
     * @param at the configuration path of the choice, for the error ({@code scheduler.provider})
     * @throws ConfigurationException at {@code at} if no provider has that name, if none is found, or if
     *     several are found and no name is given; the message lists the names found and their modules
     */
    public <P extends Provider<?>> DiscoveredProvider<P> select(ExtensionPoint<P> point, Optional<String> name,
                                                                String at) {
        return selectIfAny(point, name, at).orElseThrow(() -> new ConfigurationException(at,
                "no " + point.kind() + " provider found; add a module that provides " + point.type().getName()
                        + " to the module path" + refusedSuffix(point)));
    }

    /**
     * Like {@link #select}, but an empty result instead of an error when no name is given and none is found.
     *
     * @throws ConfigurationException as {@link #select} does otherwise
     */
    public <P extends Provider<?>> Optional<DiscoveredProvider<P>> selectIfAny(ExtensionPoint<P> point,
                                                                               Optional<String> name, String at) {
        List<DiscoveredProvider<P>> all = providers(point);
        if (name.isPresent()) {
            return Optional.of(all.stream().filter(d -> d.name().equals(name.get())).findFirst()
                    .orElseThrow(() -> new ConfigurationException(at, "no " + point.kind() + " provider named '"
                            + name.get() + "'; found: " + list(all) + refusedSuffix(point))));
        }
        if (all.size() > 1) {
            throw new ConfigurationException(at, "several " + point.kind() + " providers found: " + list(all)
                    + "; choose one by name with " + at);
        }
        return all.stream().findFirst();
    }

    private String refusedSuffix(ExtensionPoint<?> point) {
        List<String> bad = refused(point);
        return bad.isEmpty() ? "" : "; refused: " + String.join("; ", bad);
    }

    private static String list(List<? extends DiscoveredProvider<?>> all) {
        return all.isEmpty() ? "none" : all.stream().map(DiscoveredProvider::describe).collect(Collectors.joining(", "));
    }
}
