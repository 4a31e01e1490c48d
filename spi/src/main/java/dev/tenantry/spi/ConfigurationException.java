package dev.tenantry.spi;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Bad configuration: one or more values that are missing, unknown or of the wrong form. Carries every
 * problem found, each with the path of the value (for example {@code quotas.warning-fraction}) and the
 * form that was expected, so that an operator can fix them all in one go.
 */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** One bad value. */
    private final transient List<Problem> problems;

    /**
     * @param problems what is wrong; at least one
     */
    public ConfigurationException(List<Problem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Creates an exception with one problem. */
    public ConfigurationException(String path, String message) {
        this(List.of(new Problem(path, message)));
    }

    /** {@return every problem, in the order found} */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        if (problems.size() == 1) {
            return "invalid configuration: " + problems.get(0);
        }
        return "invalid configuration (" + problems.size() + " problems):\n"
                + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
    }

    /**
     * One bad value.
     *
     * @param path dotted path of the value, such as {@code scheduler.max-queued}; never null
     * @param message what is wrong and what is expected, such as {@code expected a positive integer, got "-3"}
     */
    public record Problem(String path, String message) {
        /** Validates the values. */
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
