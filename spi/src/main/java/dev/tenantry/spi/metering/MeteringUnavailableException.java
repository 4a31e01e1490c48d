package dev.tenantry.spi.metering;

/**
 * Thrown (or used to complete a recording future exceptionally) when usage cannot be recorded durably,
 * for example because the database is down. The platform then fails the execution with
 * {@code metering_unavailable} rather than running it unbilled.
 */
public final class MeteringUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is unavailable, without secrets
     * @param cause the underlying failure, or null
     */
    public MeteringUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
