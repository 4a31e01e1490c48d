package dev.tenantry.spi.execution;

import java.util.Locale;

/** Why an execution failed (as opposed to being cancelled by a limit). */
public enum ErrorType {
    /** The source does not parse. */
    SYNTAX_ERROR,
    /** The script threw, or the Promise it returned rejected. */
    RUNTIME_ERROR,
    /** The result cannot be turned into JSON (a function, a cycle, a BigInt, ...). */
    RESULT_NOT_SERIALIZABLE,
    /** The arguments are not valid JSON. */
    INVALID_ARGUMENTS,
    /** A host API call failed for a reason that is not a limit (the storage is unavailable). */
    HOST_API_ERROR,
    /** The usage could not be recorded durably, so the result is withheld rather than given unbilled. */
    METERING_UNAVAILABLE,
    /** The platform failed; the guest is not at fault. */
    INTERNAL_ERROR;

    /** {@return the lower-case name used in the API, such as {@code syntax_error}} */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
