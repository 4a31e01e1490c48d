package dev.tenantry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.TierProfile;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.quota.LimitConsumption;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.tenant.TenantConfig;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The JSON documents of the API, one method per shape, so that the wire format is written in one place.
 * Thread-safe.
 */
public final class Documents {
    private final ObjectMapper mapper = new ObjectMapper();

    /** {@return the mapper, for reading request bodies} */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** {@return {@code node} as JSON text} */
    public String write(Object node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return a new empty object} */
    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** {@return a tenant as the admin API shows it} */
    public ObjectNode tenant(TenantConfig t) {
        ObjectNode n = object();
        n.put("id", t.id().value());
        n.put("name", t.name());
        n.put("tier", t.tier().id());
        n.put("priority", t.priority().id());
        n.put("enabled", t.enabled());
        ObjectNode limits = n.putObject("limits");
        LimitOverrides.describe(new TierProfile(t.limits(), t.priority())).forEach(limits::put);
        limits.remove("priority");
        ObjectNode settings = n.putObject("settings");
        t.settings().forEach(settings::put);
        n.put("createdAt", t.createdAt().toString());
        n.put("updatedAt", t.updatedAt().toString());
        return n;
    }

    /** {@return an execution's answer; {@code id} is the id the caller polls with} */
    public ObjectNode execution(String id, ExecutionResult r) {
        ObjectNode n = object();
        n.put("id", id);
        n.put("status", r.outcome().status());
        switch (r.outcome()) {
            case ExecutionOutcome.Succeeded s -> n.set("result", json(s.resultJson()));
            case ExecutionOutcome.Failed f -> {
                n.putNull("result");
                ObjectNode error = n.putObject("error");
                error.put("type", f.error().type().wireName());
                error.put("message", f.error().message());
                f.error().line().ifPresent(l -> error.put("line", l));
                f.error().column().ifPresent(c -> error.put("column", c));
            }
            case ExecutionOutcome.Cancelled c -> {
                n.putNull("result");
                n.put("reason", c.reason().wireName());
                n.put("detail", c.detail());
            }
        }
        if (!r.console().isEmpty()) {
            n.put("console", r.console());
            n.put("consoleTruncated", r.consoleTruncated());
        }
        n.set("usage", usage(r.usage()));
        n.put("operation", r.operation());
        n.put("submittedAt", r.submittedAt().toString());
        n.put("startedAt", r.startedAt().toString());
        n.put("finishedAt", r.finishedAt().toString());
        return n;
    }

    /** {@return an async execution still queued or running} */
    public ObjectNode pending(String id) {
        ObjectNode n = object();
        n.put("id", id);
        n.put("status", "pending");
        return n;
    }

    /** {@return an async execution that was never run, with the problem that stopped it} */
    public ObjectNode rejected(String id, ApiProblem problem) {
        ObjectNode n = object();
        n.put("id", id);
        n.put("status", "rejected");
        n.set("problem", mapper.valueToTree(problem.body()));
        return n;
    }

    private ObjectNode usage(ExecutionUsage u) {
        ObjectNode n = object();
        n.put("cpuMillis", u.cpuMillis());
        n.put("wallMillis", u.wallMillis());
        n.put("allocatedBytes", u.allocatedBytes());
        n.put("apiCalls", u.apiCalls());
        n.put("memoryMbSeconds", u.memoryMbSeconds());
        return n;
    }

    /** {@return one usage bucket} */
    public ObjectNode usage(UsageSummary u) {
        ObjectNode n = object();
        n.put("from", u.from().toString());
        n.put("to", u.to().toString());
        n.put("executions", u.executions());
        n.put("cpuMillis", u.cpuNanos() / 1_000_000);
        n.put("wallMillis", u.wallNanos() / 1_000_000);
        n.put("memoryMbSeconds", u.memoryMbSeconds());
        n.put("apiCalls", u.apiCalls());
        n.put("allocatedBytes", u.allocatedBytes());
        n.put("storageByteHours", u.storageByteHours());
        return n;
    }

    /** {@return how much of one limit is used} */
    public ObjectNode consumption(LimitConsumption c) {
        ObjectNode n = object();
        n.put("limitType", c.limitType().wireName());
        n.put("scope", c.scope());
        n.put("limit", c.limit());
        n.put("used", c.used());
        c.resetsAt().ifPresent(t -> n.put("resetsAt", t.toString()));
        return n;
    }

    /** {@return a platform event as the event stream sends it} */
    public ObjectNode event(PlatformEvent e) {
        ObjectNode n = object();
        n.put("type", e.type());
        n.put("tenant", e.tenant().value());
        n.put("at", e.at().toString());
        n.put("severity", e.severity().name().toLowerCase(java.util.Locale.ROOT));
        switch (e) {
            case PlatformEvent.ThresholdReached t -> {
                n.put("limitType", t.limitType().wireName());
                n.put("limit", t.limit());
                n.put("current", t.current());
                n.put("window", t.window());
            }
            case PlatformEvent.SoftLimitExceeded s -> rejection(n, s.rejection());
            case PlatformEvent.LimitRejected r -> rejection(n, r.rejection());
            case PlatformEvent.LimitChanged c -> {
                n.put("limit", c.limit());
                n.put("oldValue", c.oldValue());
                n.put("newValue", c.newValue());
                n.put("reason", c.reason());
            }
            case PlatformEvent.WorkerKilled k -> {
                n.put("execution", k.execution().value());
                n.put("reason", k.reason().wireName());
            }
            case PlatformEvent.TenantChanged c -> n.put("change", c.change());
        }
        return n;
    }

    private static void rejection(ObjectNode n, LimitRejection r) {
        n.put("limitType", r.limitType().wireName());
        n.put("limit", r.limit());
        n.put("current", r.current());
        r.retryAfter().ifPresent(d -> n.put("retryAfterSeconds", Math.max(1, (d.toMillis() + 999) / 1000)));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }

    /** {@return a map of string values as an object} */
    public ObjectNode strings(Map<String, String> values) {
        ObjectNode n = object();
        values.forEach(n::put);
        return n;
    }

    static String decimal(BigDecimal d) {
        return d.toPlainString();
    }
}
