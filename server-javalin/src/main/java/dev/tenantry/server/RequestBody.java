package dev.tenantry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A JSON request body read field by field: every missing, unknown or wrongly typed field is a 400 naming
 * the field (with its path, such as {@code items[2].code}).
 */
public final class RequestBody {
    private final JsonNode node;
    private final String path;

    private RequestBody(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** {@return the body parsed from {@code text}, which must be a JSON object} */
    public static RequestBody parse(ObjectMapper mapper, String text) {
        if (text.isBlank()) {
            throw ApiProblem.badField("body", "the request needs a JSON object body").toException();
        }
        try {
            JsonNode node = mapper.readTree(text);
            return of(node, "");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw ApiProblem.badField("body", "malformed JSON" + where + ": " + e.getOriginalMessage()).toException();
        }
    }

    /** {@return {@code node} at {@code path}, which must be an object} */
    public static RequestBody of(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw ApiProblem.badField(path.isEmpty() ? "body" : path,
                    (path.isEmpty() ? "the body" : path) + " must be a JSON object").toException();
        }
        return new RequestBody(node, path);
    }

    /** Refuses any field not in {@code known}. */
    public RequestBody only(String... known) {
        Set<String> allowed = Set.of(known);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw ApiProblem.badField(field(name), "unknown field \"" + field(name) + "\"; expected one of "
                        + new TreeSet<>(allowed)).toException();
            }
        }
        return this;
    }

    /** {@return the path of a field of this object} */
    public String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** {@return a required string field} */
    public String text(String name) {
        return optionalText(name).orElseThrow(() ->
                ApiProblem.badField(field(name), "\"" + field(name) + "\" is required").toException());
    }

    /** {@return an optional string field} */
    public Optional<String> optionalText(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiProblem.badField(field(name), "\"" + field(name) + "\" must be a string, got "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT)).toException();
        }
        return Optional.of(v.textValue());
    }

    /** {@return an optional boolean field} */
    public Optional<Boolean> optionalBoolean(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw ApiProblem.badField(field(name), "\"" + field(name) + "\" must be true or false").toException();
        }
        return Optional.of(v.booleanValue());
    }

    /** {@return an optional field of any JSON type, as JSON text} */
    public Optional<String> optionalJson(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isMissingNode() ? Optional.empty() : Optional.of(v.toString());
    }

    /** {@return an optional object of scalar values, as text} */
    public Optional<Map<String, String>> optionalStrings(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw ApiProblem.badField(field(name), "\"" + field(name) + "\" must be an object").toException();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ApiProblem.badField(field(name) + "." + e.getKey(), "\"" + field(name) + "." + e.getKey()
                        + "\" must be a string, number or boolean").toException();
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return Optional.of(out);
    }

    /** {@return a required array field} */
    public JsonNode array(String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isArray()) {
            throw ApiProblem.badField(field(name), "\"" + field(name) + "\" must be an array").toException();
        }
        return v;
    }
}
