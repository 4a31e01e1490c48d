package dev.tenantry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.core.Platform;
import dev.tenantry.core.tenants.TenantData;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key-value routes: a tenant's own data under {@code /v1/kv}, and any tenant's for the admin under
 * {@code /v1/tenants/{id}/kv}. The caller's tenant comes from its key, never from the path, so a key string
 * cannot reach another tenant: another tenant's key is simply a key this tenant does not have (404). The
 * same limits and key rules as the guest's {@code kv} apply, through the platform's {@link TenantData}.
 */
final class KeyValueHandlers {
    private static final int DEFAULT_PAGE = 100;

    private final Platform platform;
    private final Documents docs;

    KeyValueHandlers(Platform platform, Documents docs) {
        this.platform = platform;
        this.docs = docs;
    }

    Reply list(Context ctx, Caller caller) {
        return list(ctx, own(caller));
    }

    Reply get(Context ctx, Caller caller) {
        return get(ctx, own(caller));
    }

    Reply put(Context ctx, Caller caller) {
        TenantId tenant = own(caller);
        String key = key(ctx);
        String value = value(ctx.body());
        StorageUsage usage;
        try {
            usage = platform.data().put(tenant, key, value);
        } catch (LimitExceededException e) {
            throw limit(e.rejection()).toException();
        }
        ObjectNode out = docs.object().put("key", key);
        out.putObject("usage").put("bytes", usage.bytes()).put("objects", usage.objects());
        return Reply.json(200, docs.write(out));
    }

    Reply delete(Context ctx, Caller caller) {
        if (!platform.data().delete(own(caller), key(ctx))) {
            throw ApiProblem.notFound("key").toException();
        }
        return Reply.empty(204);
    }

    Reply adminList(Context ctx, Caller caller) {
        return list(ctx, Handlers.pathTenant(ctx));
    }

    Reply adminGet(Context ctx, Caller caller) {
        return get(ctx, Handlers.pathTenant(ctx));
    }

    private Reply list(Context ctx, TenantId tenant) {
        String prefix = Optional.ofNullable(ctx.queryParam("prefix")).orElse("");
        if (prefix.length() > TenantData.MAX_KEY_LENGTH) {
            throw ApiProblem.badField("prefix", "\"prefix\" must be at most " + TenantData.MAX_KEY_LENGTH
                    + " characters").toException();
        }
        int limit = Handlers.intParam(ctx, "limit", DEFAULT_PAGE, 1, TenantData.MAX_PAGE);
        Optional<String> after = Optional.ofNullable(ctx.queryParam("after"));
        // One more than asked tells whether a next page exists without a second query; at the largest page,
        // where one more cannot be asked, a full page offers a next one, which may then be empty.
        List<KvEntry> page = platform.data().list(tenant, prefix, after, Math.min(limit + 1, TenantData.MAX_PAGE));
        boolean more = page.size() > limit || (limit == TenantData.MAX_PAGE && page.size() == limit);
        List<KvEntry> shown = page.size() > limit ? page.subList(0, limit) : page;
        ObjectNode out = docs.object();
        ArrayNode items = out.putArray("items");
        for (KvEntry e : shown) {
            items.addObject().put("key", e.key()).set("value", stored(e.value()));
        }
        if (more) {
            out.put("next", shown.getLast().key());
        }
        return Reply.json(200, docs.write(out));
    }

    private Reply get(Context ctx, TenantId tenant) {
        String key = key(ctx);
        String value = platform.data().get(tenant, key)
                .orElseThrow(() -> ApiProblem.notFound("key").toException());
        ObjectNode out = docs.object().put("key", key);
        out.set("value", stored(value));
        return Reply.json(200, docs.write(out));
    }

    private static TenantId own(Caller caller) {
        return ((Caller.Tenant) caller).tenant();
    }

    private static String key(Context ctx) {
        String key = ctx.pathParam("key");
        if (key.isEmpty() || key.length() > TenantData.MAX_KEY_LENGTH) {
            throw ApiProblem.badField("key", "a key must be 1 to " + TenantData.MAX_KEY_LENGTH
                    + " characters, got " + key.length()).toException();
        }
        return key;
    }

    /** The body is the value itself, any JSON; it is stored as compact JSON text, as the guest's kv.put does. */
    private String value(String body) {
        if (body.isBlank()) {
            throw ApiProblem.badField("body", "the body must be the JSON value to store").toException();
        }
        try {
            JsonNode node = docs.mapper().readTree(body);
            return docs.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiProblem.badField("body", "malformed JSON" + where + ": " + e.getOriginalMessage()).toException();
        }
    }

    private JsonNode stored(String json) {
        try {
            return docs.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            // A value written by some other means that is not JSON is shown as the text it is.
            return docs.mapper().getNodeFactory().textNode(json);
        }
    }

    /** One value over the size limit is a body too large (413); a full store is a limit (429) as elsewhere. */
    private static ApiProblem limit(LimitRejection r) {
        if (r.limitType() != LimitType.OBJECT_SIZE) {
            return Problems.limit(r);
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("limitType", r.limitType().wireName());
        ext.put("limit", r.limit());
        ext.put("current", r.current());
        return new ApiProblem(413, "payload-too-large", "Payload too large", r.message(), ext, Optional.empty());
    }
}
