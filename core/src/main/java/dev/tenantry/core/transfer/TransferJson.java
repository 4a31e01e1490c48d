package dev.tenantry.core.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageKind;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SPI values of an export document as JSON, field by field with Jackson's tree model, so the format is
 * explicit. Decimals are written in their shortest plain form, so the same quantity always has the same
 * text (and checksum) whatever scale a store keeps.
 */
final class TransferJson {
    private final ObjectMapper mapper;

    TransferJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode tenant(TenantConfig c) {
        ObjectNode n = mapper.createObjectNode();
        n.put("id", c.id().value()).put("name", c.name()).put("tier", c.tier().id())
                .put("priority", c.priority().id()).put("enabled", c.enabled());
        n.set("limits", limits(c.limits()));
        ObjectNode settings = n.putObject("settings");
        new TreeMap<>(c.settings()).forEach(settings::put);
        n.put("created-at", c.createdAt().toString()).put("updated-at", c.updatedAt().toString());
        return n;
    }

    TenantConfig tenant(JsonNode n) {
        Map<String, String> settings = new TreeMap<>();
        n.required("settings").properties().forEach(e -> settings.put(e.getKey(), text(e.getValue())));
        return new TenantConfig(TenantId.of(text(n.required("id"))), text(n.required("name")),
                Tier.parse(text(n.required("tier"))), Priority.parse(text(n.required("priority"))),
                limits(n.required("limits")), bool(n.required("enabled")), settings,
                Instant.parse(text(n.required("created-at"))), Instant.parse(text(n.required("updated-at"))));
    }

    private ObjectNode limits(TenantLimits l) {
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

    private TenantLimits limits(JsonNode n) {
        JsonNode rate = n.required("rate");
        Map<String, TenantLimits.OperationRate> ops = new TreeMap<>();
        rate.required("per-operation").properties().forEach(e -> ops.put(e.getKey(),
                new TenantLimits.OperationRate(whole(e.getValue().required("per-minute")),
                        whole(e.getValue().required("burst")))));
        JsonNode q = n.required("requests");
        JsonNode e = n.required("execution");
        JsonNode s = n.required("storage");
        JsonNode t = n.required("thresholds");
        return new TenantLimits(
                new TenantLimits.RateLimit(whole(rate.required("per-minute")), whole(rate.required("burst")), ops),
                new TenantLimits.RequestLimits(whole(q.required("daily-executions")),
                        whole(q.required("monthly-executions")), (int) whole(q.required("max-concurrent")),
                        (int) whole(q.required("max-queued")), Duration.parse(text(q.required("queue-timeout")))),
                new TenantLimits.ExecutionLimits(Duration.parse(text(e.required("cpu-time"))),
                        Duration.parse(text(e.required("wall-time"))), whole(e.required("memory-bytes")),
                        whole(e.required("max-statements")), (int) whole(e.required("max-stack-depth")),
                        whole(e.required("max-console-bytes")), whole(e.required("max-result-bytes"))),
                new TenantLimits.StorageLimit(whole(s.required("max-bytes")), whole(s.required("max-objects")),
                        whole(s.required("max-object-bytes"))),
                new TenantLimits.Thresholds(fraction(t.required("warning-fraction")),
                        fraction(t.required("critical-fraction")), bool(t.required("hard-limits"))));
    }

    ObjectNode tierChange(TierChange c) {
        return mapper.createObjectNode().put("at", c.at().toString()).put("from", c.from().id()).put("to", c.to().id());
    }

    TierChange tierChange(TenantId tenant, JsonNode n) {
        return new TierChange(tenant, Tier.parse(text(n.required("from"))), Tier.parse(text(n.required("to"))),
                Instant.parse(text(n.required("at"))));
    }

    ObjectNode apiKey(ApiKey k) {
        ObjectNode n = mapper.createObjectNode().put("key-id", k.keyId()).put("secret-hash", k.secretHash())
                .put("prefix", k.prefix()).put("created-at", k.createdAt().toString());
        if (k.revokedAt().isPresent()) {
            n.put("revoked-at", k.revokedAt().get().toString());
        } else {
            n.putNull("revoked-at");
        }
        return n;
    }

    ApiKey apiKey(TenantId tenant, JsonNode n) {
        JsonNode revoked = n.required("revoked-at");
        return new ApiKey(text(n.required("key-id")), tenant, text(n.required("secret-hash")),
                text(n.required("prefix")), Instant.parse(text(n.required("created-at"))),
                revoked.isNull() ? Optional.empty() : Optional.of(Instant.parse(text(revoked))));
    }

    ObjectNode kv(KvEntry e) {
        return mapper.createObjectNode().put("key", e.key()).put("value", e.value());
    }

    KvEntry kv(JsonNode n) {
        return new KvEntry(text(n.required("key")), text(n.required("value")));
    }

    ObjectNode event(UsageEvent e) {
        ExecutionUsage u = e.usage();
        return mapper.createObjectNode().put("event-id", e.eventId()).put("occurred-at", e.occurredAt().toString())
                .put("kind", e.kind().name().toLowerCase(Locale.ROOT)).put("operation", e.operation())
                .put("outcome", e.outcome()).put("cpu-nanos", u.cpuNanos()).put("wall-nanos", u.wallNanos())
                .put("allocated-bytes", u.allocatedBytes()).put("api-calls", u.apiCalls())
                .put("output-bytes", u.outputBytes()).put("memory-mb-seconds", plain(u.memoryMbSeconds()))
                .put("storage-byte-hours", plain(e.storageByteHours()));
    }

    UsageEvent event(TenantId tenant, JsonNode n) {
        return new UsageEvent(text(n.required("event-id")), tenant, Instant.parse(text(n.required("occurred-at"))),
                UsageKind.valueOf(text(n.required("kind")).toUpperCase(Locale.ROOT)),
                text(n.required("operation")), text(n.required("outcome")),
                new ExecutionUsage(whole(n.required("cpu-nanos")), whole(n.required("wall-nanos")),
                        whole(n.required("allocated-bytes")), whole(n.required("api-calls")),
                        whole(n.required("output-bytes")), mbSeconds(n.required("memory-mb-seconds"))),
                decimal(n.required("storage-byte-hours")));
    }

    ObjectNode rollup(UsageSummary s) {
        return mapper.createObjectNode().put("from", s.from().toString()).put("to", s.to().toString())
                .put("executions", s.executions()).put("cpu-nanos", s.cpuNanos()).put("wall-nanos", s.wallNanos())
                .put("memory-mb-seconds", plain(s.memoryMbSeconds())).put("api-calls", s.apiCalls())
                .put("allocated-bytes", s.allocatedBytes()).put("storage-byte-hours", plain(s.storageByteHours()));
    }

    UsageSummary rollup(TenantId tenant, JsonNode n) {
        return new UsageSummary(tenant, Instant.parse(text(n.required("from"))), Instant.parse(text(n.required("to"))),
                whole(n.required("executions")), whole(n.required("cpu-nanos")), whole(n.required("wall-nanos")),
                mbSeconds(n.required("memory-mb-seconds")), whole(n.required("api-calls")),
                whole(n.required("allocated-bytes")), decimal(n.required("storage-byte-hours")));
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    // Strict readers: a value of the wrong JSON type is an error, never silently 0 or "".

    private static String text(JsonNode n) {
        if (!n.isTextual()) {
            throw new IllegalArgumentException("expected a string, got " + n.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return n.asText();
    }

    private static long whole(JsonNode n) {
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("expected an integer, got " + n);
        }
        return n.asLong();
    }

    private static double fraction(JsonNode n) {
        if (!n.isNumber()) {
            throw new IllegalArgumentException("expected a number, got " + n);
        }
        return n.asDouble();
    }

    private static boolean bool(JsonNode n) {
        if (!n.isBoolean()) {
            throw new IllegalArgumentException("expected true or false, got " + n);
        }
        return n.asBoolean();
    }

    /** Memory MiB-seconds have 3 fractional digits (see ExecutionUsage); the document writes them shortest. */
    private static BigDecimal mbSeconds(JsonNode n) {
        BigDecimal d = decimal(n);
        return d.scale() < 3 ? d.setScale(3) : d;
    }

    private static BigDecimal decimal(JsonNode n) {
        try {
            return new BigDecimal(text(n));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a decimal number as a string, got " + n);
        }
    }
}
