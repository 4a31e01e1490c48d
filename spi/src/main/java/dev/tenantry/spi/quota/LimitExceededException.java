package dev.tenantry.spi.quota;

import java.util.Objects;

/** Thrown where a limit refuses an operation synchronously (a storage write, an admission through the platform API). */
public final class LimitExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient LimitRejection rejection;

    /** @param rejection the facts of the refusal */
    public LimitExceededException(LimitRejection rejection) {
        super(Objects.requireNonNull(rejection, "rejection").message());
        this.rejection = rejection;
    }

    /** {@return the facts of the refusal} */
    public LimitRejection rejection() {
        return rejection;
    }
}
