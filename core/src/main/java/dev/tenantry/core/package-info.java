/**
 * The embeddable API of Tenantry: {@link dev.tenantry.core.Tenantry} assembles a
 * {@link dev.tenantry.core.Platform} from configuration and the providers on the module path.
 */
package dev.tenantry.core;
