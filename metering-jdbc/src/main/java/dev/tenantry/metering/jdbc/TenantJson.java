package dev.tenantry.metering.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tenant configurations as JSON, for the limits and settings columns and for the export document. Written
 * field by field with Jackson's tree model, so that the format is explicit and needs no reflective access.
 */
final class TenantJson {
    private final ObjectMapper mapper;

    TenantJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode limits(TenantLimits l) {
        ObjectNode n = mapper.createObjectNode();
        ObjectNode rate = n.putObject("rate");
        rate.put("per-minute", l.rate().perMinute()).put("burst", l.rate().burst());
        ObjectNode ops = rate.putObject("per-operation");
        new TreeMap<>(l.rate().perOperation()).forEach((op, r) ->
                ops.putObject(op).put("per-minute", r.perMinute()).put("burst", r.burst()));
        TenantLimits.RequestLimits q = l.requests();
        n.putObject("requests").put("daily-executions", q.dailyExecutions())
                .put("monthly-executions", q.monthlyExecutions()).put("max-concurrent", q.maxConcurrent())
                .put("max-queued", q.maxQueued()).put("queue-timeout", q.queueTimeout().toString());
        TenantLimits.ExecutionLimits e = l.execution();
        n.putObject("execution").put("cpu-time", e.cpuTime().toString()).put("wall-time", e.wallTime().toString())
                .put("memory-bytes", e.memoryBytes()).put("max-statements", e.maxStatements())
                .put("max-stack-depth", e.maxStackDepth()).put("max-console-bytes", e.maxConsoleBytes())
                .put("max-result-bytes", e.maxResultBytes());
        TenantLimits.StorageLimit s = l.storage();
        n.putObject("storage").put("max-bytes", s.maxBytes()).put("max-objects", s.maxObjects())
                .put("max-object-bytes", s.maxObjectBytes());
        TenantLimits.Thresholds t = l.thresholds();
        n.putObject("thresholds").put("warning-fraction", t.warningFraction())
                .put("critical-fraction", t.criticalFraction()).put("hard-limits", t.hardLimits());
        return n;
    }

    TenantLimits limits(JsonNode n) {
        JsonNode rate = n.required("rate");
        Map<String, TenantLimits.OperationRate> ops = new TreeMap<>();
        rate.required("per-operation").properties().forEach(e -> ops.put(e.getKey(),
                new TenantLimits.OperationRate(e.getValue().required("per-minute").asLong(),
                        e.getValue().required("burst").asLong())));
        JsonNode q = n.required("requests");
        JsonNode e = n.required("execution");
        JsonNode s = n.required("storage");
        JsonNode t = n.required("thresholds");
        return new TenantLimits(
                new TenantLimits.RateLimit(rate.required("per-minute").asLong(), rate.required("burst").asLong(), ops),
                new TenantLimits.RequestLimits(q.required("daily-executions").asLong(),
                        q.required("monthly-executions").asLong(), q.required("max-concurrent").asInt(),
                        q.required("max-queued").asInt(), Duration.parse(q.required("queue-timeout").asText())),
                new TenantLimits.ExecutionLimits(Duration.parse(e.required("cpu-time").asText()),
                        Duration.parse(e.required("wall-time").asText()), e.required("memory-bytes").asLong(),
                        e.required("max-statements").asLong(), e.required("max-stack-depth").asInt(),
                        e.required("max-console-bytes").asLong(), e.required("max-result-bytes").asLong()),
                new TenantLimits.StorageLimit(s.required("max-bytes").asLong(), s.required("max-objects").asLong(),
                        s.required("max-object-bytes").asLong()),
                new TenantLimits.Thresholds(t.required("warning-fraction").asDouble(),
                        t.required("critical-fraction").asDouble(), t.required("hard-limits").asBoolean()));
    }

    ObjectNode settings(Map<String, String> settings) {
        ObjectNode n = mapper.createObjectNode();
        new TreeMap<>(settings).forEach(n::put);
        return n;
    }

    Map<String, String> settings(JsonNode n) {
        Map<String, String> m = new TreeMap<>();
        n.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    ObjectNode tenant(TenantConfig c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", c.id().value()).put("name", c.name()).put("tier", c.tier().id())
                .put("priority", c.priority().id()).put("enabled", c.enabled());
        n.set("limits", limits(c.limits()));
        n.set("settings", settings(c.settings()));
        n.put("created-at", c.createdAt().toString()).put("updated-at", c.updatedAt().toString());
        return n;
    }

    TenantConfig tenant(JsonNode n) {
        return new TenantConfig(TenantId.of(n.required("id").asText()), n.required("name").asText(),
                Tier.parse(n.required("tier").asText()), Priority.parse(n.required("priority").asText()),
                limits(n.required("limits")), n.required("enabled").asBoolean(), settings(n.required("settings")),
                Instant.parse(n.required("created-at").asText()), Instant.parse(n.required("updated-at").asText()));
    }

    String text(JsonNode n) {
        try {
            return mapper.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
