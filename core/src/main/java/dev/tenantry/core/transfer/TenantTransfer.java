package dev.tenantry.core.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.UsageArchive;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.spi.metering.UsageHistory;
import dev.tenantry.spi.metering.UsageStore;
import dev.tenantry.spi.metering.UsageSummary;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.TierChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Moves one tenant between deployments through the stores' SPI, so the source and the target may use
 * different stores (memory, jdbc on H2, jdbc on MariaDB): its configuration, tier history, API key hashes,
 * key-value data and usage history export to one JSON document, which imports into another deployment.
 *
 * <p>The document ({@code format} {@value #FORMAT}, {@code version} {@value #VERSION}) holds a
 * {@code manifest} with, per section, the number of items and the SHA-256 of the section's compact JSON
 * text. Import checks both for every section before it writes anything, refuses a tenant id that already has
 * a configuration, data or usage, writes, then reads the tenant back from the stores and checks counts and
 * checksums again. A failure after the tenant was created removes what was written of it (its keys, tier
 * history and data go with it); the usage history is written last, atomically by the usage store.
 *
 * <p>Imported API keys keep working: only their hashes move. Export reads each store once but not in one
 * transaction across stores; disable the tenant first for an exact snapshot while it is in use. The document
 * is held in memory. Thread-safe.
 */
public final class TenantTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(TenantTransfer.class);
    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "tenantry-tenant-export";
    /**
     * The layout this class writes and reads. Version 1 is the jdbc module's {@code TenantMigration}, which
     * copies database rows; version 2 is store-independent.
     */
    public static final int VERSION = 2;
    /** The sections, in document order. */
    public static final List<String> SECTIONS =
            List.of("tenant", "tier-changes", "api-keys", "kv", "usage-events", "usage-hourly", "usage-daily");
    private static final int PAGE = 500;

    private final TenantStore tenants;
    private final TenantDataStore data;
    private final UsageStore usage;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final TransferJson json = new TransferJson(mapper);

    /**
     * @param tenants the tenant and key store
     * @param data the tenant data store
     * @param usage the usage store; it must offer {@link UsageStore#history()}
     * @param clock stamps the export time
     */
    public TenantTransfer(TenantStore tenants, TenantDataStore data, UsageStore usage, Clock clock) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.data = Objects.requireNonNull(data, "data");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes the tenant's export document to {@code out} (UTF-8 JSON). Does not close {@code out}.
     *
     * @return the counts and checksums written in the manifest
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws UnsupportedOperationException if the usage store cannot export usage history
     * @throws IOException if writing fails
     */
    public TransferReport exportTenant(TenantId tenant, OutputStream out) throws IOException {
        ObjectNode sections = sectionsOf(tenant, Optional.of(history()));
        ObjectNode doc = mapper.createObjectNode();
        doc.put("format", FORMAT).put("version", VERSION).put("exported-at", clock.instant().toString());
        ObjectNode manifest = doc.putObject("manifest");
        for (String name : SECTIONS) {
            JsonNode section = sections.required(name);
            manifest.putObject(name).put("count", count(section)).put("sha256", sha256(section));
        }
        doc.set("sections", sections);
        mapper.writeValue(out, doc);
        TransferReport report = report(tenant, manifest);
        LOG.info("exported tenant {}: {}", tenant, counts(report));
        return report;
    }

    /**
     * Reads an export document and creates the tenant with everything it holds.
     *
     * @return the counts and checksums verified
     * @throws TransferDocumentException if the document is malformed, of another format or version, or a
     *     section's count or checksum differs from its manifest; {@link TransferDocumentException#section()}
     *     names the section. Nothing was written.
     * @throws TenantAlreadyExistsException if the tenant id has a configuration, data or usage here
     * @throws UnsupportedOperationException if the usage store cannot import usage history
     * @throws IllegalStateException if what the stores hold after the import differs from the document
     *     (what could be removed was removed)
     * @throws IOException if reading fails
     */
    public TransferReport importTenant(InputStream in) throws IOException {
        JsonNode doc;
        try {
            doc = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new TransferDocumentException("document", "the export document is not JSON: " + e.getOriginalMessage());
        }
        if (doc == null || !doc.isObject() || !FORMAT.equals(doc.path("format").asText())
                || !doc.path("version").isInt() || doc.path("version").asInt() != VERSION) {
            throw new TransferDocumentException("document", "not a " + FORMAT + " document of version " + VERSION
                    + " (\"format\" and \"version\" at the top level)");
        }
        JsonNode manifest = doc.path("manifest");
        JsonNode sections = doc.path("sections");
        if (!manifest.isObject() || !sections.isObject()) {
            throw new TransferDocumentException("document", "the document needs the objects \"manifest\" and \"sections\"");
        }
        verify(sections, manifest, "document");
        Parsed parsed = parse(sections);
        TenantId id = parsed.config().id();
        UsageHistory history = history();
        refuseExisting(id, history);
        try {
            writeTenant(parsed);
        } catch (RuntimeException e) {
            undo(id);
            throw e;
        }
        try {
            ObjectNode written = sectionsOf(id, Optional.empty());
            verify(written, manifest, "imported tenant");
        } catch (RuntimeException e) {
            undo(id);
            throw new IllegalStateException("the imported tenant differs from the document; it was removed: "
                    + e.getMessage(), e);
        }
        try {
            history.restore(parsed.usage());
        } catch (RuntimeException e) {
            undo(id);
            throw e;
        }
        ObjectNode written = sectionsOf(id, Optional.of(history));
        try {
            verify(written, manifest, "imported tenant");
        } catch (TransferDocumentException e) {
            undo(id);
            throw new IllegalStateException("the imported usage history differs from the document; the tenant was"
                    + " removed, its usage rows stay in the usage store: " + e.getMessage(), e);
        }
        TransferReport report = report(id, manifest);
        LOG.info("imported tenant {}: {}", id, counts(report));
        return report;
    }

    private UsageHistory history() {
        return usage.history().orElseThrow(() -> new UnsupportedOperationException("the usage store ("
                + usage.getClass().getName() + ") cannot export or import usage history; tenant export and import"
                + " need a usage store that offers UsageStore.history(), such as memory or jdbc"));
    }

    /** The sections of a stored tenant; without a history, the usage sections are left out. */
    private ObjectNode sectionsOf(TenantId tenant, Optional<UsageHistory> history) {
        TenantConfig config = tenants.find(tenant).orElseThrow(() -> new TenantNotFoundException(tenant));
        ObjectNode s = mapper.createObjectNode();
        s.set("tenant", json.tenant(config));
        s.set("tier-changes", array(tenants.tierChanges(tenant), json::tierChange));
        s.set("api-keys", array(tenants.keys(tenant), json::apiKey));
        ArrayNode kv = s.putArray("kv");
        Optional<String> after = Optional.empty();
        while (true) {
            List<KvEntry> page = data.list(tenant, "", after, PAGE);
            page.forEach(e -> kv.add(json.kv(e)));
            if (page.size() < PAGE) {
                break;
            }
            after = Optional.of(page.getLast().key());
        }
        if (history.isPresent()) {
            UsageArchive archive = history.get().read(tenant);
            s.set("usage-events", array(archive.events(), json::event));
            s.set("usage-hourly", array(archive.hourly(), json::rollup));
            s.set("usage-daily", array(archive.daily(), json::rollup));
        }
        return s;
    }

    private <T> ArrayNode array(List<T> items, Function<T, ObjectNode> write) {
        ArrayNode a = mapper.createArrayNode();
        items.forEach(i -> a.add(write.apply(i)));
        return a;
    }

    private record Parsed(TenantConfig config, List<TierChange> tierChanges, List<ApiKey> keys, List<KvEntry> kv,
                          UsageArchive usage) {
    }

    private Parsed parse(JsonNode s) {
        TenantConfig config = section("tenant", () -> json.tenant(s.required("tenant")));
        TenantId id = config.id();
        return new Parsed(config,
                items(s, "tier-changes", n -> json.tierChange(id, n)),
                items(s, "api-keys", n -> json.apiKey(id, n)),
                items(s, "kv", json::kv),
                new UsageArchive(id, items(s, "usage-events", n -> json.event(id, n)),
                        items(s, "usage-hourly", n -> json.rollup(id, n)),
                        items(s, "usage-daily", n -> json.rollup(id, n))));
    }

    private <T> List<T> items(JsonNode sections, String name, Function<JsonNode, T> read) {
        JsonNode section = sections.required(name);
        if (!section.isArray()) {
            throw new TransferDocumentException(name, "section \"" + name + "\" must be an array");
        }
        List<T> out = new ArrayList<>(section.size());
        for (int i = 0; i < section.size(); i++) {
            JsonNode item = section.get(i);
            int index = i;
            out.add(section(name + "[" + index + "]", () -> read.apply(item)));
        }
        return out;
    }

    private static <T> T section(String where, Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            String section = where.contains("[") ? where.substring(0, where.indexOf('[')) : where;
            throw new TransferDocumentException(section, where + " is malformed: " + e.getMessage());
        }
    }

    private void refuseExisting(TenantId id, UsageHistory history) {
        if (tenants.find(id).isPresent() || data.usage(id).objects() > 0 || !history.read(id).isEmpty()) {
            throw new TenantAlreadyExistsException(id);
        }
    }

    /**
     * Creates the tenant and replays its tier history through {@link TenantStore#update}, which records a
     * tier change exactly when the tier differs, then stores its final configuration, keys and data.
     */
    private void writeTenant(Parsed p) {
        TenantConfig target = p.config();
        for (ApiKey k : p.keys()) {
            if (tenants.findKey(k.keyId()).isPresent()) {
                throw new TransferDocumentException("api-keys", "API key " + k.keyId()
                        + " already exists in this deployment");
            }
        }
        TenantConfig current = target;
        if (!p.tierChanges().isEmpty()) {
            current = new TenantConfig(target.id(), target.name(), p.tierChanges().getFirst().from(), target.priority(),
                    target.limits(), target.enabled(), target.settings(), target.createdAt(), target.createdAt());
        }
        tenants.create(current);
        for (TierChange c : p.tierChanges()) {
            current = new TenantConfig(target.id(), target.name(), c.to(), target.priority(), target.limits(),
                    target.enabled(), target.settings(), target.createdAt(), c.at());
            tenants.update(current);
        }
        if (!current.equals(target)) {
            tenants.update(target);
        }
        for (ApiKey k : p.keys()) {
            tenants.addKey(k);
        }
        // The data fit the source's limits; the target takes them whole, whatever its tier's limits now are.
        TenantLimits.StorageLimit any = new TenantLimits.StorageLimit(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        for (KvEntry e : p.kv()) {
            data.put(target.id(), e.key(), e.value(), any);
        }
    }

    private void undo(TenantId id) {
        try {
            data.deleteAll(id);
            tenants.delete(id);
        } catch (RuntimeException e) {
            LOG.warn("could not remove the partly imported tenant {}", id, e);
        }
    }

    private void verify(JsonNode sections, JsonNode manifest, String what) {
        for (String name : SECTIONS) {
            JsonNode section = sections.get(name);
            if (section == null) {
                if (what.equals("imported tenant")) {
                    continue;
                }
                throw new TransferDocumentException(name, "the " + what + " lacks section \"" + name + "\"");
            }
            JsonNode expected = manifest.get(name);
            if (expected == null || !expected.path("count").canConvertToLong() || !expected.path("sha256").isTextual()) {
                throw new TransferDocumentException(name, "the manifest lacks the count and sha256 of section \""
                        + name + "\"");
            }
            long count = count(section);
            if (count != expected.path("count").asLong()) {
                throw new TransferDocumentException(name, "section \"" + name + "\" of the " + what + " has " + count
                        + " items; the manifest says " + expected.path("count").asText());
            }
            if (!sha256(section).equals(expected.path("sha256").asText())) {
                throw new TransferDocumentException(name, "section \"" + name + "\" of the " + what
                        + " does not match its sha256 in the manifest");
            }
        }
    }

    private static TransferReport report(TenantId tenant, JsonNode manifest) {
        Map<String, TransferReport.SectionCheck> checks = new LinkedHashMap<>();
        for (String name : SECTIONS) {
            JsonNode m = manifest.required(name);
            checks.put(name, new TransferReport.SectionCheck(m.required("count").asLong(), m.required("sha256").asText()));
        }
        return new TransferReport(tenant, checks);
    }

    private static String counts(TransferReport r) {
        StringBuilder b = new StringBuilder();
        r.sections().forEach((name, c) -> b.append(b.isEmpty() ? "" : ", ").append(name).append('=').append(c.count()));
        return b.toString();
    }

    private static long count(JsonNode section) {
        return section.isArray() ? section.size() : 1;
    }

    private String sha256(JsonNode section) {
        try {
            byte[] text = mapper.writeValueAsBytes(section);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot checksum a section", e);
        }
    }
}
