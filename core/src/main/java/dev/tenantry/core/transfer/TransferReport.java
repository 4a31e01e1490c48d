package dev.tenantry.core.transfer;

import dev.tenantry.spi.TenantId;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The facts of one export or import: each section's item count and checksum, as verified.
 *
 * @param tenant the tenant moved
 * @param sections per section name, in document order
 */
public record TransferReport(TenantId tenant, Map<String, SectionCheck> sections) {
    /** Copies the sections, keeping their order. */
    public TransferReport {
        Objects.requireNonNull(tenant, "tenant");
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    /**
     * One section's count and checksum.
     *
     * @param count items in the section (1 for the tenant's configuration)
     * @param sha256 hex SHA-256 of the section's compact JSON text
     */
    public record SectionCheck(long count, String sha256) {
        /** Validates the values. */
        public SectionCheck {
            Objects.requireNonNull(sha256, "sha256");
            if (count < 0) {
                throw new IllegalArgumentException("count cannot be negative");
            }
        }
    }
}
