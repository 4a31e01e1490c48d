package dev.tenantry.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An error answer of the API, written as {@code application/problem+json} (RFC 9457): a stable
 * {@code type} URI per kind of error, a short {@code title}, the HTTP {@code status}, a {@code detail} for
 * the caller and extension members (the offending {@code field}, the {@code limitType}).
 *
 * @param status the HTTP status
 * @param slug the last segment of the type URI, such as {@code limit-exceeded}
 * @param title a short summary of the kind of error
 * @param detail what went wrong with this request, actionable
 * @param extensions extension members; copied
 * @param retryAfter the wait to send as {@code Retry-After}, if any
 */
public record ApiProblem(int status, String slug, String title, String detail, Map<String, Object> extensions,
                         Optional<Duration> retryAfter) {
    /** The base of every problem type URI. */
    public static final String TYPE_BASE = "https://tenantry.dev/problems/";

    /** Validates and copies. */
    public ApiProblem {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        extensions = Map.copyOf(extensions);
        Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** {@return a problem without extensions} */
    public static ApiProblem of(int status, String slug, String title, String detail) {
        return new ApiProblem(status, slug, title, detail, Map.of(), Optional.empty());
    }

    /** {@return a 400 naming the offending field} */
    public static ApiProblem badField(String field, String detail) {
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, Map.of("field", field),
                Optional.empty());
    }

    /** {@return the 404 for anything the caller may not see, identical whether it exists or not} */
    public static ApiProblem notFound(String what) {
        return of(404, "not-found", "Not found", what + " not found");
    }

    /** {@return the members of the problem document, type first} */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.putAll(extensions);
        return body;
    }

    /** {@return this problem as an exception, to leave a handler with} */
    public Failure toException() {
        return new Failure(this);
    }

    /** Carries a problem out of a handler. */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ApiProblem problem;

        /** Wraps {@code problem}. */
        public Failure(ApiProblem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }

        /** {@return the problem} */
        public ApiProblem problem() {
            return problem;
        }
    }
}
