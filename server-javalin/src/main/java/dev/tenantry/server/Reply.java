package dev.tenantry.server;

import java.util.Map;
import java.util.Objects;

/**
 * A complete HTTP answer held as a value, so that an idempotent POST can give its first answer again.
 *
 * @param status the HTTP status
 * @param contentType the content type; empty text for no body
 * @param body the body
 * @param headers extra headers; copied
 */
public record Reply(int status, String contentType, String body, Map<String, String> headers) {
    /** Validates and copies. */
    public Reply {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** {@return a JSON answer} */
    public static Reply json(int status, String body) {
        return new Reply(status, "application/json", body, Map.of());
    }

    /** {@return an answer without a body} */
    public static Reply empty(int status) {
        return new Reply(status, "", "", Map.of());
    }
}
