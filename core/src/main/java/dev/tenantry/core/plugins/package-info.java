/**
 * Plugin discovery and selection: every provider of the SPI is found with {@link java.util.ServiceLoader}
 * through a class loader or a module layer, checked (name, SPI version, duplicates), and selected by name
 * from configuration.
 */
package dev.tenantry.core.plugins;
