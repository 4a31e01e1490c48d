package dev.tenantry.spi.execution;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The identity of one execution, unique across the platform and across restarts. It is also the id of the
 * execution's usage event, which makes metering idempotent: recording the same execution twice counts once.
 *
 * @param value 1 to 64 characters of letters, digits, {@code _} and {@code -}
 */
public record ExecutionId(String value) {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Validates the form. */
    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid execution id: expected 1-64 characters of A-Z, a-z, 0-9, '_' or '-'");
        }
    }

    /**
     * {@return a new id: a time-ordered UUID (version 7, RFC 9562) whose first 48 bits are the current Unix time
     * in milliseconds and whose other 74 bits are random}
     *
     * <p>Time-ordered because the id keys the usage event in the metering database: ids of one moment sort
     * together, so a database with a B-tree primary key (InnoDB's clustered index) appends new events near
     * each other instead of touching a random page per event, and recent events stay in its cache. The
     * random bits come from {@link UUID#randomUUID()}'s cryptographic generator, so ids stay unguessable.
     */
    public static ExecutionId random() {
        UUID random = UUID.randomUUID();
        long millis = System.currentTimeMillis();
        // 48 bits of time, the version nibble 7, then 12 random bits; the low 64 bits keep the random
        // variant-2 half of the random UUID as it is.
        long high = (millis << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new ExecutionId(new UUID(high, random.getLeastSignificantBits()).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
