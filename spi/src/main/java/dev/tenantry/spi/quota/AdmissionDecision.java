package dev.tenantry.spi.quota;

import java.util.Objects;

/** The answer to an admission request: admitted with a permit, or rejected with a reason. */
public sealed interface AdmissionDecision {

    /**
     * The request may proceed.
     *
     * @param permit what was charged, refundable if the request does not run
     */
    record Admitted(Permit permit) implements AdmissionDecision {
        /** Validates that the permit is not null. */
        public Admitted {
            Objects.requireNonNull(permit, "permit");
        }
    }

    /**
     * The request must not proceed; nothing was charged.
     *
     * @param rejection which limit, its value, the current value and when to retry
     */
    record Rejected(LimitRejection rejection) implements AdmissionDecision {
        /** Validates that the rejection is not null. */
        public Rejected {
            Objects.requireNonNull(rejection, "rejection");
        }
    }
}
