package dev.tenantry.spi.isolation;

import dev.tenantry.spi.Provider;

/** Creates {@link Sandbox}es; selected with {@code isolation.provider} in configuration (for example {@code graaljs}). */
public interface IsolationProvider extends Provider<Sandbox> {
}
