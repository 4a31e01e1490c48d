package dev.tenantry.server;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Readiness;
import dev.tenantry.core.events.PlatformEvents;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP API over one {@link Platform}: every route of {@link #routes()} (the table the OpenAPI document
 * is checked against), bearer-key authentication, {@code Idempotency-Key} on POST, problem documents for
 * every error, {@code /health}, {@code /ready}, {@code /metrics}, the event stream, and a graceful stop.
 *
 * <p>Thread-safe. {@link #close()} stops accepting requests (503), waits for those in progress within the
 * grace period, closes the platform (which finishes or cancels its work and drains metering) and stops
 * the HTTP server. It does not own the platform before that call.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** The largest request body accepted; larger ones are answered with 413. */
    public static final long MAX_BODY_BYTES = 1L << 20;
    /** The largest tenant export document {@code POST /v1/tenants/import} accepts. */
    public static final long MAX_IMPORT_BYTES = 64L << 20;
    private static final String IMPORT_PATH = "/v1/tenants/import";

    /** Problem documents are written outside any one server, so they share one (thread-safe) writer. */
    private static final Documents PROBLEMS = new Documents();

    private final Platform platform;
    private final AdminKey adminKey;
    private final Documents documents = new Documents();
    private final Idempotency idempotency;
    private final ServerMetrics metrics;
    private final Handlers handlers;
    private final KeyValueHandlers keyValues;
    private final TransferHandlers transfers;
    private final Duration grace;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final java.util.Set<SseClient> streams = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PlatformEvents.Subscription metricsSubscription;
    private final Javalin app;
    private final List<Route> routes;

    /** Who may call a route. */
    public enum Access { PUBLIC, ADMIN, TENANT }

    /** Handles one request of an authenticated caller. */
    @FunctionalInterface
    public interface Action {
        /** {@return the answer} */
        Reply handle(Context ctx, Caller caller);
    }

    /**
     * One route of the API.
     *
     * @param method the HTTP method
     * @param path the path, with {@code {param}} segments
     * @param access who may call it
     * @param summary one line for the API reference
     * @param action the handler
     */
    public record Route(HandlerType method, String path, Access access, String summary, Action action) {
    }

    /**
     * @param platform the platform to serve; closed by {@link #close()}
     * @param adminKey the operator's key
     * @param clock the clock idempotency and retention are measured on
     * @param grace how long {@link #close()} waits for requests in progress
     */
    public ApiServer(Platform platform, AdminKey adminKey, Clock clock, Duration grace) {
        this.platform = Objects.requireNonNull(platform, "platform");
        this.adminKey = Objects.requireNonNull(adminKey, "adminKey");
        this.grace = grace;
        this.idempotency = new Idempotency(clock, Duration.ofHours(24), 100_000);
        this.metrics = new ServerMetrics(platform.workers(), platform::queueDepth);
        this.metricsSubscription = platform.events().subscribe(metrics::observe);
        RecentExecutions recent = new RecentExecutions(clock, Duration.ofHours(1), 1_000);
        this.handlers = new Handlers(platform, documents, recent, metrics, clock);
        this.keyValues = new KeyValueHandlers(platform, documents);
        this.transfers = new TransferHandlers(platform, documents);
        this.routes = table();
        String openApi = resource("openapi.json");
        String docsPage = resource("docs.html");
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            // Only the import takes more than MAX_BODY_BYTES; admit() holds every other route to that.
            config.http.maxRequestSize = MAX_IMPORT_BYTES;
            config.router.ignoreTrailingSlashes = true;
            config.routes.before(this::admit);
            // The stream's headers are sent before its handler runs, so the key is checked here.
            config.routes.before("/v1/events", ctx -> {
                if (authenticate(ctx).isEmpty()) {
                    throw new ApiProblem(401, "unauthorized", "Unauthorized",
                            "send a valid key as Authorization: Bearer <key>", Map.of(), Optional.empty()).toException();
                }
                // Javalin opens the stream only for exactly this Accept value, as EventSource sends it.
                if (!"text/event-stream".equals(ctx.header("Accept"))) {
                    throw ApiProblem.of(406, "not-acceptable", "Not acceptable",
                            "the event stream needs the header Accept: text/event-stream").toException();
                }
            });
            for (Route r : routes) {
                config.routes.addHttpHandler(r.method(), r.path(), ctx -> serve(r, ctx));
            }
            config.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(docsPage));
            config.routes.sse("/v1/events", this::events);
            config.routes.exception(Exception.class, (e, ctx) -> write(ctx, problemReply(Problems.of(e))));
            config.routes.error(404, ctx -> {
                if (!ctx.res().getContentType().startsWith("application/problem+json")) {
                    write(ctx, problemReply(ApiProblem.of(404, "not-found", "Not found", "no such route")));
                }
            });
        });
    }

    /** {@return the routes served, besides {@code /openapi.json}, {@code /docs} and {@code /v1/events}} */
    public List<Route> routes() {
        return routes;
    }

    private List<Route> table() {
        Handlers h = handlers;
        KeyValueHandlers kv = keyValues;
        TransferHandlers t = transfers;
        return List.of(
                new Route(HandlerType.GET, "/health", Access.PUBLIC, "liveness", (ctx, c) -> Reply.json(200, "{\"status\":\"up\"}")),
                new Route(HandlerType.GET, "/ready", Access.PUBLIC, "readiness", (ctx, c) -> ready()),
                new Route(HandlerType.GET, "/metrics", Access.PUBLIC, "Prometheus metrics",
                        (ctx, c) -> new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape(), Map.of())),
                new Route(HandlerType.POST, "/v1/tenants", Access.ADMIN, "create a tenant", h::createTenant),
                new Route(HandlerType.GET, "/v1/tenants", Access.ADMIN, "list tenants", h::listTenants),
                new Route(HandlerType.GET, "/v1/tenants/{id}", Access.ADMIN, "read a tenant", h::getTenant),
                new Route(HandlerType.PATCH, "/v1/tenants/{id}", Access.ADMIN, "change a tenant", h::patchTenant),
                new Route(HandlerType.DELETE, "/v1/tenants/{id}", Access.ADMIN, "delete a tenant", h::deleteTenant),
                new Route(HandlerType.GET, "/v1/tenants/{id}/keys", Access.ADMIN, "list a tenant's keys", h::listKeys),
                new Route(HandlerType.POST, "/v1/tenants/{id}/keys", Access.ADMIN, "issue a key", h::issueKey),
                new Route(HandlerType.POST, "/v1/tenants/{id}/keys/{keyId}/rotate", Access.ADMIN, "rotate a key", h::rotateKey),
                new Route(HandlerType.DELETE, "/v1/tenants/{id}/keys/{keyId}", Access.ADMIN, "revoke a key", h::revokeKey),
                new Route(HandlerType.GET, "/v1/tenants/{id}/usage", Access.ADMIN, "a tenant's usage", h::tenantUsage),
                new Route(HandlerType.GET, "/v1/tenants/{id}/invoices/{month}", Access.ADMIN, "a tenant's invoice", h::tenantInvoice),
                new Route(HandlerType.GET, "/v1/tenants/{id}/export", Access.ADMIN, "export a tenant", t::exportTenant),
                new Route(HandlerType.POST, IMPORT_PATH, Access.ADMIN, "import a tenant", t::importTenant),
                new Route(HandlerType.GET, "/v1/tenants/{id}/kv", Access.ADMIN, "list a tenant's data", kv::adminList),
                new Route(HandlerType.GET, "/v1/tenants/{id}/kv/<key>", Access.ADMIN, "read a tenant's value", kv::adminGet),
                new Route(HandlerType.POST, "/v1/executions", Access.TENANT, "run code, or submit it with mode=async", h::execute),
                new Route(HandlerType.GET, "/v1/executions", Access.TENANT, "own recent executions", h::listExecutions),
                new Route(HandlerType.GET, "/v1/executions/{id}", Access.TENANT, "one own execution", h::getExecution),
                new Route(HandlerType.POST, "/v1/batches", Access.TENANT, "run several, each admitted on its own", h::batch),
                new Route(HandlerType.GET, "/v1/usage", Access.TENANT, "own usage", h::ownUsage),
                new Route(HandlerType.GET, "/v1/invoices/{month}", Access.TENANT, "own invoice", h::ownInvoice),
                new Route(HandlerType.GET, "/v1/limits", Access.TENANT, "own limits and consumption", h::limits),
                new Route(HandlerType.GET, "/v1/kv", Access.TENANT, "list own data", kv::list),
                new Route(HandlerType.GET, "/v1/kv/<key>", Access.TENANT, "read own value", kv::get),
                new Route(HandlerType.PUT, "/v1/kv/<key>", Access.TENANT, "store own value", kv::put),
                new Route(HandlerType.DELETE, "/v1/kv/<key>", Access.TENANT, "delete own value", kv::delete));
    }

    /** Starts listening on {@code port} (0 for any free one). @return this */
    public ApiServer start(int port) {
        app.start(port);
        return this;
    }

    /** {@return the port listened on} */
    public int port() {
        return app.port();
    }

    private void admit(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        boolean importing = ctx.path().equals(IMPORT_PATH);
        if (length > (importing ? MAX_IMPORT_BYTES : MAX_BODY_BYTES)) {
            throw (importing ? Problems.tooLarge(MAX_IMPORT_BYTES) : Problems.tooLarge()).toException();
        }
        // A chunked body has no length up front: read it (Javalin caches it) and measure it.
        if (length < 0 && !importing && ctx.req().getHeader("Transfer-Encoding") != null
                && body(ctx).length() > MAX_BODY_BYTES) {
            throw Problems.tooLarge().toException();
        }
        if (draining.get() && !ctx.path().equals("/health")) {
            throw new ApiProblem(503, "shutting-down", "Shutting down", "the server is shutting down", Map.of(),
                    Optional.of(Duration.ofSeconds(5))).toException();
        }
    }

    private void serve(Route route, Context ctx) {
        inProgress.incrementAndGet();
        try {
            Caller caller = authorize(ctx, route.access());
            Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key"));
            Reply reply;
            if (route.method() == HandlerType.POST && key.isPresent()) {
                String body = body(ctx);
                String request = route.method() + " " + ctx.path() + "?" + Objects.toString(ctx.queryString(), "")
                        + "\n" + body;
                reply = idempotency.apply(caller, key.get(), request, () -> safely(route, ctx, caller));
            } else {
                reply = safely(route, ctx, caller);
            }
            write(ctx, reply);
        } catch (RuntimeException e) {
            write(ctx, problemReply(Problems.of(e)));
        } finally {
            inProgress.decrementAndGet();
        }
    }

    /** Turns every failure into its problem answer, so that idempotency stores errors as answers too. */
    private Reply safely(Route route, Context ctx, Caller caller) {
        try {
            return route.action().handle(ctx, caller);
        } catch (RuntimeException e) {
            ApiProblem p = Problems.of(e);
            if (p.status() >= 500) {
                throw p.toException();
            }
            return problemReply(p);
        }
    }

    private static String body(Context ctx) {
        try {
            return ctx.body();
        } catch (HttpResponseException e) {
            throw Problems.of(e).toException();
        }
    }

    private Caller authorize(Context ctx, Access access) {
        if (access == Access.PUBLIC) {
            return new Caller.Admin();
        }
        Caller caller = authenticate(ctx).orElseThrow(() -> new ApiProblem(401, "unauthorized", "Unauthorized",
                "send a valid key as Authorization: Bearer <key>", Map.of(), Optional.empty()).toException());
        boolean allowed = access == Access.ADMIN ? caller instanceof Caller.Admin : caller instanceof Caller.Tenant;
        if (!allowed) {
            throw ApiProblem.of(403, "forbidden", "Forbidden", access == Access.ADMIN
                    ? "this route needs the admin key" : "this route needs a tenant's API key").toException();
        }
        return caller;
    }

    private Optional<Caller> authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = header.substring(7).strip();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        // A tenant key is checked first, so the execution route hashes the presented key once, not twice;
        // the admin key still matches whatever it is configured to, since it is checked when no tenant key does.
        Optional<Caller> tenant = platform.tenants().authenticate(key).map(Caller.Tenant::new);
        if (tenant.isPresent()) {
            return tenant;
        }
        return adminKey.matches(key) ? Optional.of(new Caller.Admin()) : Optional.empty();
    }

    private Reply ready() {
        if (draining.get()) {
            return problemReply(ApiProblem.of(503, "not-ready", "Not ready", "the server is shutting down"));
        }
        Readiness readiness = platform.readiness();
        Map<String, Object> checks = new java.util.LinkedHashMap<>();
        for (Readiness.Check c : readiness.checks()) {
            checks.put(c.part(), Map.of("up", c.up(), "detail", c.detail()));
        }
        if (!readiness.ready()) {
            List<String> down = readiness.checks().stream().filter(c -> !c.up()).map(Readiness.Check::part).toList();
            return problemReply(new ApiProblem(503, "not-ready", "Not ready", "not answering: " + String.join(", ", down),
                    Map.of("down", down, "checks", checks), Optional.of(Duration.ofSeconds(5))));
        }
        return Reply.json(200, documents.write(documents.mapper().valueToTree(Map.of("status", "ready",
                "workers", platform.workers(), "checks", checks))));
    }

    private void events(SseClient client) {
        Optional<Caller> caller = authenticate(client.ctx());
        if (caller.isEmpty()) {
            client.close();
            return;
        }
        Caller subscriber = caller.get();
        // Each stream has its own queue and writer, so a slow reader never holds up the platform's event
        // thread (which every listener shares); a reader that falls 1,000 events behind is disconnected.
        java.util.concurrent.BlockingQueue<String> queue = new java.util.concurrent.ArrayBlockingQueue<>(1_000);
        client.keepAlive();
        PlatformEvents.Subscription subscription = platform.events().subscribe(event -> {
            if (subscriber instanceof Caller.Tenant t && !t.tenant().equals(event.tenant())) {
                return;
            }
            if (!queue.offer(event.type() + "\n" + documents.write(documents.event(event)))) {
                LOG.warn("closing an event stream of {} that fell behind", subscriber.scope());
                client.close();
            }
        });
        Thread writer = Thread.ofVirtual().name("tenantry-sse").start(() -> {
            try {
                while (!client.terminated()) {
                    String next = queue.take();
                    int cut = next.indexOf('\n');
                    client.sendEvent(next.substring(0, cut), next.substring(cut + 1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        streams.add(client);
        client.onClose(() -> {
            subscription.close();
            writer.interrupt();
            streams.remove(client);
        });
        client.sendComment("subscribed at " + Instant.now());
    }

    static Reply problemReply(ApiProblem p) {
        Map<String, String> headers = p.retryAfter().map(d -> Map.of("Retry-After", Long.toString(d.toSeconds())))
                .orElse(Map.of());
        if (p.status() == 401) {
            headers = Map.of("WWW-Authenticate", "Bearer");
        }
        return new Reply(p.status(), "application/problem+json", PROBLEMS.write(p.body()), headers);
    }

    private static void write(Context ctx, Reply reply) {
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (!reply.contentType().isEmpty()) {
            ctx.contentType(reply.contentType());
            ctx.result(reply.body());
        }
    }

    private static String resource(String name) {
        try (InputStream in = ApiServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in module dev.tenantry.server");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops as described on the type. Idempotent. */
    @Override
    public void close() {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        LOG.info("shutting down: refusing new requests, waiting up to {} for {} in progress", grace, inProgress.get());
        long deadline = System.nanoTime() + grace.toNanos();
        while (inProgress.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // Open event streams never end by themselves; the HTTP server would wait for them.
        streams.forEach(SseClient::close);
        metricsSubscription.close();
        platform.close();
        app.stop();
        LOG.info("stopped");
    }
}
