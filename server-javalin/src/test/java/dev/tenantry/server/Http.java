package dev.tenantry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A small JDK HTTP client for the tests: real requests to a started server. */
final class Http {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** One answer: status, headers and the body as text and JSON. */
    record Answer(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }
    }

    Answer send(String method, String path, Optional<String> key, Optional<String> body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        key.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        body.ifPresent(x -> b.header("Content-Type", "application/json"));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path, String key) {
        return send("GET", path, Optional.ofNullable(key), Optional.empty(), Map.of());
    }

    Answer put(String path, String key, String body) {
        return send("PUT", path, Optional.ofNullable(key), Optional.of(body), Map.of());
    }

    Answer delete(String path, String key) {
        return send("DELETE", path, Optional.ofNullable(key), Optional.empty(), Map.of());
    }

    Answer post(String path, String key, String body) {
        return send("POST", path, Optional.ofNullable(key), Optional.of(body), Map.of());
    }

    Answer post(String path, String key, String body, String idempotencyKey) {
        return send("POST", path, Optional.ofNullable(key), Optional.of(body), Map.of("Idempotency-Key", idempotencyKey));
    }
}
