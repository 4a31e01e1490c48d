package dev.tenantry.spi.billing;

/** Thrown when an invoice cannot be made: no plan for a tier, or a custom rule failed (named in the message). */
public final class BillingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the rule or plan
     * @param cause the underlying failure, or null
     */
    public BillingException(String message, Throwable cause) {
        super(message, cause);
    }
}
