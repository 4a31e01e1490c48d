package dev.tenantry.spi.tenant;

/**
 * How much a tenant's key-value data holds.
 *
 * @param bytes keys and values together, in UTF-8 bytes
 * @param objects number of keys
 */
public record StorageUsage(long bytes, long objects) {
    /** Validates that neither is negative. */
    public StorageUsage {
        if (bytes < 0 || objects < 0) {
            throw new IllegalArgumentException("storage usage cannot be negative: " + bytes + " bytes, " + objects + " objects");
        }
    }

    /** Nothing stored. */
    public static final StorageUsage EMPTY = new StorageUsage(0, 0);
}
