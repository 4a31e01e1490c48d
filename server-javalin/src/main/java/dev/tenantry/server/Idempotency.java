package dev.tenantry.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} for POST requests: the first request with a key runs, every repeat with the same
 * key and the same request gets the first answer (waiting for it if it is still being computed, so
 * concurrent repeats run nothing twice), and a repeat with another request is refused with 422. Keys are
 * scoped per caller, so two tenants never see each other's answers. Bounded: at most {@code capacity} keys,
 * each kept for {@code retention}; the oldest go first. Thread-safe.
 */
public final class Idempotency {
    private final Clock clock;
    private final Duration retention;
    private final int capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(String fingerprint, Instant at, CompletableFuture<Reply> reply) {
    }

    /**
     * @param clock the clock retention is measured on
     * @param retention how long an answer is kept
     * @param capacity how many keys are kept at most
     */
    public Idempotency(Clock clock, Duration retention, int capacity) {
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
    }

    /**
     * {@return the answer for this request}: computed by {@code action} the first time, the stored one after.
     *
     * @param caller whose key it is
     * @param key the {@code Idempotency-Key} header value
     * @param request what identifies the request: method, path, query and body
     * @throws ApiProblem.Failure with 422 if the key was used for another request
     */
    public Reply apply(Caller caller, String key, String request, Supplier<Reply> action) {
        if (key.isBlank() || key.length() > 255) {
            throw ApiProblem.badField("Idempotency-Key", "Idempotency-Key must be 1 to 255 characters").toException();
        }
        String fingerprint = HexFormat.of().formatHex(AdminKey.sha256(request));
        String id = caller.scope() + "\n" + key;
        CompletableFuture<Reply> mine = new CompletableFuture<>();
        Entry existing;
        synchronized (entries) {
            evict();
            existing = entries.get(id);
            if (existing == null) {
                entries.put(id, new Entry(fingerprint, clock.instant(), mine));
            }
        }
        if (existing != null) {
            if (!existing.fingerprint().equals(fingerprint)) {
                throw new ApiProblem(422, "idempotency-key-reused", "Idempotency key reused",
                        "Idempotency-Key \"" + key + "\" was already used with a different request; use a new key",
                        Map.of(), java.util.Optional.empty()).toException();
            }
            try {
                return existing.reply().join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        }
        try {
            Reply reply = action.get();
            mine.complete(reply);
            return reply;
        } catch (RuntimeException e) {
            // An answer that is an error is an answer too, except a failure of the server itself, which a
            // repeat should be allowed to retry.
            mine.completeExceptionally(e);
            if (!(e instanceof ApiProblem.Failure f) || f.problem().status() >= 500) {
                synchronized (entries) {
                    entries.remove(id);
                }
            }
            throw e;
        }
    }

    private void evict() {
        Instant oldest = clock.instant().minus(retention);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (entries.size() > capacity || e.at().isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }
}
