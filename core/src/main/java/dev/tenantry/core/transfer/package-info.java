/**
 * Moving one tenant between deployments: {@link dev.tenantry.core.transfer.TenantTransfer} writes its
 * configuration, tier history, API key hashes, key-value data and usage history to one JSON document with a
 * count and a SHA-256 per section, and imports such a document through the stores' SPI, so it works with
 * any stores whose usage store offers {@link dev.tenantry.spi.metering.UsageHistory}.
 */
package dev.tenantry.core.transfer;
