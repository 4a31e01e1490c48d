package dev.tenantry.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a tenant: 1 to 64 characters of lower-case letters, digits, {@code _} and {@code -},
 * starting with a letter or digit. The form is restricted so that an id is safe in URLs, file names,
 * log lines and metric tags without escaping.
 *
 * @param value the id; never null
 */
public record TenantId(String value) implements Comparable<TenantId> {
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    /**
     * Validates the form.
     *
     * @throws IllegalArgumentException if the value is not a valid id, naming the expected form
     */
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid tenant id \"" + abbreviate(value)
                    + "\": expected 1-64 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
        }
    }

    /** {@return a tenant id}, see {@link #TenantId(String)} */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    /** {@return whether {@code value} is a valid tenant id} */
    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public int compareTo(TenantId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
