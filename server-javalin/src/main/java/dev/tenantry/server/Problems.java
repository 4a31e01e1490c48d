package dev.tenantry.server;

import dev.tenantry.core.transfer.TransferDocumentException;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.billing.BillingException;
import dev.tenantry.spi.metering.MeteringUnavailableException;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/** Maps every exception a handler can end with to the one problem document it is answered with. */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private Problems() {
    }

    /** {@return the problem {@code failure} is answered with} */
    public static ApiProblem of(Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (e) {
            case ApiProblem.Failure f -> f.problem();
            case LimitExceededException l -> limit(l.rejection());
            case TenantNotFoundException t -> ApiProblem.notFound("tenant");
            case TransferDocumentException d -> new ApiProblem(400, "invalid-export-document", "Invalid export document",
                    d.getMessage(), Map.of("field", "body", "section", d.section()), Optional.empty());
            case UnsupportedOperationException u -> ApiProblem.of(501, "not-supported", "Not supported",
                    u.getMessage() == null ? "this deployment cannot do that" : u.getMessage());
            case TenantAlreadyExistsException t -> ApiProblem.of(409, "tenant-exists", "Tenant exists", t.getMessage());
            case ConfigurationException c -> {
                List<ConfigurationException.Problem> ps = c.problems();
                Map<String, Object> ext = new LinkedHashMap<>();
                ext.put("field", ps.get(0).path());
                ext.put("problems", ps.stream().map(p -> Map.of("field", p.path(), "detail", p.message())).toList());
                yield new ApiProblem(400, "invalid-request", "Invalid request",
                        ps.size() == 1 ? ps.get(0).toString() : c.getMessage(), ext, Optional.empty());
            }
            case MeteringUnavailableException m -> new ApiProblem(503, "metering-unavailable", "Metering unavailable",
                    "usage cannot be recorded now, so nothing ran; retry later", Map.of(),
                    Optional.of(Duration.ofSeconds(1)));
            case BillingException b -> ApiProblem.of(500, "billing-error", "Billing error", b.getMessage());
            case HttpResponseException h -> http(h);
            case IllegalStateException s when s.getMessage() != null && s.getMessage().contains("no billing") ->
                    ApiProblem.of(501, "billing-not-installed", "Billing not installed", s.getMessage());
            default -> {
                LOG.error("request failed", e);
                yield ApiProblem.of(500, "internal-error", "Internal error",
                        "the server failed to answer; the failure is logged");
            }
        };
    }

    private static ApiProblem http(HttpResponseException h) {
        return switch (h.getStatus()) {
            case 404 -> ApiProblem.of(404, "not-found", "Not found", "no such route");
            case 405 -> ApiProblem.of(405, "method-not-allowed", "Method not allowed", "this route takes another method");
            case 413 -> tooLarge();
            default -> ApiProblem.of(h.getStatus(), "http-" + h.getStatus(), "HTTP " + h.getStatus(), h.getMessage());
        };
    }

    /** {@return the 413 for a body over {@link ApiServer#MAX_BODY_BYTES}} */
    public static ApiProblem tooLarge() {
        return tooLarge(ApiServer.MAX_BODY_BYTES);
    }

    /** {@return the 413 for a body over {@code max} bytes} */
    public static ApiProblem tooLarge(long max) {
        return new ApiProblem(413, "payload-too-large", "Payload too large",
                "the request body is larger than " + max + " bytes", Map.of("limit", max), Optional.empty());
    }

    /** {@return the answer to a limit rejection: 429 with the limit type, or 403 for a disabled tenant} */
    public static ApiProblem limit(LimitRejection r) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("limitType", r.limitType().wireName());
        ext.put("limit", r.limit());
        ext.put("current", r.current());
        Optional<Duration> retry = r.retryAfter().map(d -> Duration.ofSeconds(Math.max(1, (d.toMillis() + 999) / 1000)));
        retry.ifPresent(d -> ext.put("retryAfterSeconds", d.toSeconds()));
        if (r.limitType() == LimitType.TENANT_DISABLED) {
            return new ApiProblem(403, "tenant-disabled", "Tenant disabled", r.message(), ext, Optional.empty());
        }
        return new ApiProblem(429, "limit-exceeded", "Limit exceeded", r.message(), ext, retry);
    }
}
