package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.core.Platform;
import dev.tenantry.core.Submission;
import dev.tenantry.core.tenants.IssuedKey;
import dev.tenantry.core.tenants.LimitOverrides;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.InvoiceJson;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionResult;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.Tier;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** The handlers of the API routes: read the request, call the platform, write the document. */
final class Handlers {
    private static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final int MAX_BATCH = 100;

    private final Platform platform;
    private final Documents docs;
    private final RecentExecutions recent;
    private final ServerMetrics metrics;
    private final Clock clock;

    Handlers(Platform platform, Documents docs, RecentExecutions recent, ServerMetrics metrics, Clock clock) {
        this.platform = platform;
        this.docs = docs;
        this.recent = recent;
        this.metrics = metrics;
        this.clock = clock;
    }

    // --- admin: tenants and keys

    Reply createTenant(Context ctx, Caller caller) {
        RequestBody b = body(ctx).only("id", "name", "tier", "priority", "limits", "settings");
        String id = b.text("id");
        if (!TenantId.isValid(id)) {
            throw ApiProblem.badField("id", "\"id\" must be a valid tenant id (lower-case letters, digits and '-'), got \""
                    + id + "\"").toException();
        }
        NewTenant spec = new NewTenant(TenantId.of(id), name(b.text("name")), tier(b.text("tier")),
                b.optionalText("priority").map(Handlers::priority),
                new LimitOverrides(b.optionalStrings("limits").orElse(Map.of())),
                b.optionalStrings("settings").orElse(Map.of()));
        TenantConfig tenant = platform.tenants().create(spec);
        IssuedKey key = platform.tenants().issueKey(tenant.id());
        ObjectNode out = docs.object();
        out.set("tenant", docs.tenant(tenant));
        out.put("apiKey", key.key());
        out.put("keyId", key.keyId());
        return Reply.json(201, docs.write(out));
    }

    Reply listTenants(Context ctx, Caller caller) {
        int limit = intParam(ctx, "limit", 100, 1, 1000);
        Optional<TenantId> after = Optional.ofNullable(ctx.queryParam("after")).map(a -> tenantId(a, "after"));
        ArrayNode items = docs.mapper().createArrayNode();
        List<TenantConfig> page = platform.tenants().list(after, limit);
        page.forEach(t -> items.add(docs.tenant(t)));
        ObjectNode out = docs.object();
        out.set("tenants", items);
        if (page.size() == limit) {
            out.put("next", page.get(page.size() - 1).id().value());
        }
        return Reply.json(200, docs.write(out));
    }

    Reply getTenant(Context ctx, Caller caller) {
        return Reply.json(200, docs.write(docs.tenant(platform.tenants().get(pathTenant(ctx)))));
    }

    Reply patchTenant(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        RequestBody b = body(ctx).only("name", "tier", "priority", "limits", "enabled", "settings");
        TenantConfig t = platform.tenants().get(id);
        Optional<Map<String, String>> limits = b.optionalStrings("limits");
        Optional<Tier> tier = b.optionalText("tier").map(Handlers::tier);
        Optional<Priority> priority = b.optionalText("priority").map(Handlers::priority);
        Optional<String> name = b.optionalText("name").map(Handlers::name);
        Optional<Boolean> enabled = b.optionalBoolean("enabled");
        Optional<Map<String, String>> settings = b.optionalStrings("settings");
        if (tier.isPresent()) {
            t = platform.tenants().changeTier(id, tier.get(), new LimitOverrides(limits.orElse(Map.of())));
        } else if (limits.isPresent()) {
            t = platform.tenants().changeLimits(id, new LimitOverrides(limits.get()));
        }
        if (priority.isPresent()) {
            t = platform.tenants().changePriority(id, priority.get());
        }
        if (name.isPresent()) {
            t = platform.tenants().rename(id, name.get());
        }
        if (settings.isPresent()) {
            t = platform.tenants().changeSettings(id, settings.get());
        }
        if (enabled.isPresent()) {
            t = enabled.get() ? platform.tenants().enable(id) : platform.tenants().disable(id);
        }
        return Reply.json(200, docs.write(docs.tenant(t)));
    }

    Reply deleteTenant(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        if (!platform.tenants().delete(id)) {
            throw ApiProblem.notFound("tenant").toException();
        }
        recent.forget(id);
        return Reply.empty(204);
    }

    Reply listKeys(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        platform.tenants().get(id);
        ArrayNode items = docs.mapper().createArrayNode();
        for (ApiKey k : platform.tenants().keys(id)) {
            ObjectNode n = items.addObject();
            n.put("keyId", k.keyId());
            n.put("prefix", k.prefix());
            n.put("active", k.active());
            n.put("createdAt", k.createdAt().toString());
        }
        ObjectNode out = docs.object();
        out.set("keys", items);
        return Reply.json(200, docs.write(out));
    }

    Reply issueKey(Context ctx, Caller caller) {
        return keyReply(platform.tenants().issueKey(pathTenant(ctx)));
    }

    Reply rotateKey(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        ownedKey(id, ctx.pathParam("keyId"));
        return keyReply(platform.tenants().rotateKey(ctx.pathParam("keyId")));
    }

    Reply revokeKey(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        ownedKey(id, ctx.pathParam("keyId"));
        platform.tenants().revokeKey(ctx.pathParam("keyId"));
        return Reply.empty(204);
    }

    /** A key id is only found under the tenant it belongs to. */
    private void ownedKey(TenantId tenant, String keyId) {
        platform.tenants().keys(tenant).stream().filter(k -> k.keyId().equals(keyId) && k.active()).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("active key").toException());
    }

    private Reply keyReply(IssuedKey key) {
        ObjectNode out = docs.object();
        out.put("apiKey", key.key());
        out.put("keyId", key.keyId());
        return Reply.json(201, docs.write(out));
    }

    Reply tenantUsage(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        platform.tenants().get(id);
        return usage(ctx, id);
    }

    Reply tenantInvoice(Context ctx, Caller caller) {
        TenantId id = pathTenant(ctx);
        return Reply.json(200, InvoiceJson.write(platform.invoice(id, month(ctx))));
    }

    // --- tenant: executions

    Reply execute(Context ctx, Caller caller) {
        TenantId tenant = tenant(caller);
        ExecutionRequest request = request(body(ctx), "");
        String mode = Optional.ofNullable(ctx.queryParam("mode")).orElse("sync");
        Tier tier = platform.tenants().get(tenant).tier();
        switch (mode) {
            case "sync" -> {
                ExecutionResult r = run(tenant, tier, request);
                String json = docs.write(docs.execution(r.id().value(), r));
                recent.put(tenant, r.id().value(), json);
                return Reply.json(200, json);
            }
            case "async" -> {
                // The id is the execution's own, so the tenant finds it in its usage under the same id.
                Submission submission = platform.start(tenant, request);
                String id = submission.id().value();
                CompletableFuture<ExecutionResult> future = submission.result();
                if (future.isCompletedExceptionally()) {
                    future.join();
                }
                metrics.started();
                recent.put(tenant, id, docs.write(docs.pending(id)));
                future.whenComplete((r, failure) -> {
                    if (failure == null) {
                        metrics.finished(r, tier);
                        recent.put(tenant, id, docs.write(docs.execution(id, r)));
                    } else {
                        metrics.abandoned();
                        recent.put(tenant, id, docs.write(docs.rejected(id, Problems.of(failure))));
                    }
                });
                ObjectNode out = docs.object().put("id", id).put("status", "pending");
                return new Reply(202, "application/json", docs.write(out),
                        Map.of("Location", "/v1/executions/" + id));
            }
            default -> throw ApiProblem.badField("mode", "\"mode\" must be sync or async, got \"" + mode + "\"")
                    .toException();
        }
    }

    private ExecutionResult run(TenantId tenant, Tier tier, ExecutionRequest request) {
        metrics.started();
        try {
            ExecutionResult r = platform.execute(tenant, request);
            metrics.finished(r, tier);
            return r;
        } catch (RuntimeException e) {
            metrics.abandoned();
            throw e;
        }
    }

    Reply batch(Context ctx, Caller caller) {
        TenantId tenant = tenant(caller);
        JsonNode items = body(ctx).only("items").array("items");
        if (items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiProblem.badField("items", "\"items\" must hold 1 to " + MAX_BATCH + " executions").toException();
        }
        List<ExecutionRequest> requests = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            requests.add(request(RequestBody.of(items.get(i), "items[" + i + "]"), "items[" + i + "]."));
        }
        Tier tier = platform.tenants().get(tenant).tier();
        List<CompletableFuture<ExecutionResult>> futures = new ArrayList<>();
        for (ExecutionRequest r : requests) {
            CompletableFuture<ExecutionResult> f;
            try {
                f = platform.submit(tenant, r);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f);
        }
        ArrayNode results = docs.mapper().createArrayNode();
        for (CompletableFuture<ExecutionResult> f : futures) {
            try {
                ExecutionResult r = f.join();
                metrics.started();
                metrics.finished(r, tier);
                String json = docs.write(docs.execution(r.id().value(), r));
                recent.put(tenant, r.id().value(), json);
                results.add(docs.execution(r.id().value(), r));
            } catch (RuntimeException e) {
                ApiProblem p = Problems.of(e);
                ObjectNode n = results.addObject();
                n.put("status", "rejected");
                n.set("problem", docs.mapper().valueToTree(p.body()));
            }
        }
        ObjectNode out = docs.object();
        out.set("results", results);
        return Reply.json(200, docs.write(out));
    }

    Reply listExecutions(Context ctx, Caller caller) {
        int limit = intParam(ctx, "limit", 50, 1, 1000);
        ArrayNode items = docs.mapper().createArrayNode();
        for (String json : recent.list(tenant(caller), limit)) {
            items.add(parse(json));
        }
        ObjectNode out = docs.object();
        out.set("executions", items);
        return Reply.json(200, docs.write(out));
    }

    Reply getExecution(Context ctx, Caller caller) {
        // Another tenant's id and an unknown id get the same answer, so ids reveal nothing.
        return recent.get(tenant(caller), ctx.pathParam("id")).map(json -> Reply.json(200, json))
                .orElseThrow(() -> ApiProblem.notFound("execution").toException());
    }

    // --- tenant: usage, invoices, limits

    Reply ownUsage(Context ctx, Caller caller) {
        return usage(ctx, tenant(caller));
    }

    Reply ownInvoice(Context ctx, Caller caller) {
        return Reply.json(200, InvoiceJson.write(platform.invoice(tenant(caller), month(ctx))));
    }

    Reply limits(Context ctx, Caller caller) {
        TenantId tenant = tenant(caller);
        TenantConfig t = platform.tenants().get(tenant);
        ObjectNode out = docs.object();
        out.put("tier", t.tier().id());
        out.set("limits", docs.tenant(t).get("limits"));
        ArrayNode consumption = out.putArray("consumption");
        platform.consumption(tenant).forEach(c -> consumption.add(docs.consumption(c)));
        return Reply.json(200, docs.write(out));
    }

    private Reply usage(Context ctx, TenantId tenant) {
        Instant now = clock.instant();
        String g = Optional.ofNullable(ctx.queryParam("granularity")).orElse("day");
        Granularity granularity;
        try {
            granularity = Granularity.parse(g);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("granularity", "\"granularity\" must be hour, day or month, got \"" + g + "\"")
                    .toException();
        }
        Instant to = instantParam(ctx, "to").orElse(now);
        Instant from = instantParam(ctx, "from").orElse(to.minus(30, ChronoUnit.DAYS));
        if (!from.isBefore(to)) {
            throw ApiProblem.badField("from", "\"from\" must be before \"to\"").toException();
        }
        ObjectNode out = docs.object();
        out.put("tenant", tenant.value());
        out.put("granularity", g);
        out.set("total", docs.usage(platform.usage(tenant, from, to)));
        ArrayNode buckets = out.putArray("buckets");
        platform.usage(tenant, granularity, from, to).forEach(u -> buckets.add(docs.usage(u)));
        return Reply.json(200, docs.write(out));
    }

    // --- reading requests

    private RequestBody body(Context ctx) {
        return RequestBody.parse(docs.mapper(), ctx.body());
    }

    private static ExecutionRequest request(RequestBody b, String prefix) {
        b.only("code", "args", "operation");
        String code = b.text("code");
        if (code.isBlank()) {
            throw ApiProblem.badField(prefix + "code", "\"" + prefix + "code\" must not be empty").toException();
        }
        String operation = b.optionalText("operation").orElse(ExecutionRequest.DEFAULT_OPERATION);
        if (!OPERATION.matcher(operation).matches()) {
            throw ApiProblem.badField(prefix + "operation", "\"" + prefix
                    + "operation\" must match [a-z][a-z0-9_]{0,31}, got \"" + operation + "\"").toException();
        }
        return new ExecutionRequest(code, b.optionalJson("args"), operation);
    }

    private static TenantId tenant(Caller caller) {
        return ((Caller.Tenant) caller).tenant();
    }

    static TenantId pathTenant(Context ctx) {
        String id = ctx.pathParam("id");
        if (!TenantId.isValid(id)) {
            throw ApiProblem.notFound("tenant").toException();
        }
        return TenantId.of(id);
    }

    private static TenantId tenantId(String value, String field) {
        if (!TenantId.isValid(value)) {
            throw ApiProblem.badField(field, "\"" + field + "\" must be a tenant id").toException();
        }
        return TenantId.of(value);
    }

    private static String name(String name) {
        if (name.isBlank() || name.length() > 200) {
            throw ApiProblem.badField("name", "\"name\" must be 1 to 200 characters").toException();
        }
        return name;
    }

    private static Tier tier(String value) {
        try {
            return Tier.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("tier", "\"tier\" must be starter, professional, business, enterprise or custom, got \""
                    + value + "\"").toException();
        }
    }

    private static Priority priority(String value) {
        try {
            return Priority.parse(value);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badField("priority", "\"priority\" must be low, normal, high or critical, got \""
                    + value + "\"").toException();
        }
    }

    private static YearMonth month(Context ctx) {
        String m = ctx.pathParam("month");
        try {
            return YearMonth.parse(m);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badField("month", "the month must be written yyyy-MM, got \"" + m + "\"").toException();
        }
    }

    static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badField(name, "\"" + name + "\" must be an integer from " + min + " to " + max).toException();
    }

    private static Optional<Instant> instantParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw ApiProblem.badField(name, "\"" + name + "\" must be an ISO-8601 instant such as 2026-11-01T00:00:00Z")
                    .toException();
        }
    }

    private JsonNode parse(String json) {
        try {
            return docs.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
