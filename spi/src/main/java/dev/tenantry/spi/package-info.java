/**
 * Provider plumbing shared by every extension point: {@link dev.tenantry.spi.Provider},
 * {@link dev.tenantry.spi.ProviderContext}, typed plugin configuration and the SPI version.
 */
package dev.tenantry.spi;
