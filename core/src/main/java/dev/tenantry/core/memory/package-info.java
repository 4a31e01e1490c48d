/**
 * In-memory implementations of the stores, registered as providers named {@code memory}: they let the core
 * and its tests run without a database. Nothing survives a restart; each {@code create} returns a new,
 * empty store, so two platforms never share data.
 */
package dev.tenantry.core.memory;
