package dev.tenantry.spi.execution;

import java.util.Objects;

/** How an execution ended: it succeeded, failed with a typed error, or was cancelled by a limit. */
public sealed interface ExecutionOutcome {

    /** {@return the lower-case status used in the API: {@code succeeded}, {@code failed} or {@code cancelled}} */
    String status();

    /**
     * The script finished and its result was serialized.
     *
     * @param resultJson the result as a JSON text ({@code null} is the text {@code "null"})
     */
    record Succeeded(String resultJson) implements ExecutionOutcome {
        /** Validates that the result is not null. */
        public Succeeded {
            Objects.requireNonNull(resultJson, "resultJson");
        }

        @Override
        public String status() {
            return "succeeded";
        }
    }

    /**
     * The script failed on its own: a syntax or runtime error, or a result that is not JSON.
     *
     * @param error what went wrong
     */
    record Failed(ExecutionError error) implements ExecutionOutcome {
        /** Validates that the error is not null. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String status() {
            return "failed";
        }
    }

    /**
     * The platform stopped the execution.
     *
     * @param reason which limit or event stopped it
     * @param detail a human-readable explanation, such as {@code CPU time limit of 100 ms exceeded}
     * @param workerKilled whether stopping it took killing the worker process
     */
    record Cancelled(CancelReason reason, String detail, boolean workerKilled) implements ExecutionOutcome {
        /** Validates that nothing is null. */
        public Cancelled {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String status() {
            return "cancelled";
        }
    }
}
