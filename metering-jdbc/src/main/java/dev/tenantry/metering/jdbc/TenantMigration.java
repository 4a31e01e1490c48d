package dev.tenantry.metering.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.metering.jdbc.schema.tables.records.KvEntryRecord;
import dev.tenantry.metering.jdbc.schema.tables.records.UsageEventRecord;
import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.metering.Granularity;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.exception.DataAccessException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import static dev.tenantry.metering.jdbc.schema.Tables.API_KEY;
import static dev.tenantry.metering.jdbc.schema.Tables.KV_ENTRY;
import static dev.tenantry.metering.jdbc.schema.Tables.KV_USAGE;
import static dev.tenantry.metering.jdbc.schema.Tables.TENANT;
import static dev.tenantry.metering.jdbc.schema.Tables.TIER_CHANGE;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_DAILY;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_EVENT;
import static dev.tenantry.metering.jdbc.schema.Tables.USAGE_HOURLY;

/**
 * Moves one tenant between databases: its configuration, tier history, API key hashes, key-value data and
 * usage history (raw events still within the retention, and the hourly and daily rollups) export to one
 * JSON document, which imports into another database.
 *
 * <p>The document carries, per section, the number of items and the SHA-256 of the section's JSON text.
 * Import checks both against the document before it writes anything, writes everything in one transaction,
 * then reads the tenant back and checks counts and checksums again, rolling back on any difference. Import
 * refuses a tenant id that already has a configuration, data or usage in the target database.
 *
 * <p>Export reads the tenant in one transaction at {@code REPEATABLE READ}, a consistent snapshot, and its
 * rollups include the events the background rollup has not reached yet; import writes every event as rolled
 * up, so each counts exactly once in the target.
 *
 * <p>The document is held in memory; a tenant's usage history is bounded by the retention of raw events.
 * Thread-safe.
 */
public final class TenantMigration {
    /** The value of the document's {@code format} field. */
    public static final String FORMAT = "tenantry-tenant-export";
    /** The version of the document's layout this class writes and reads. */
    public static final int VERSION = 1;

    private static final List<String> SECTIONS =
            List.of("tenant", "tier-changes", "api-keys", "kv", "usage-events", "usage-hourly", "usage-daily");

    private final JdbcDatabase db;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final TenantJson json = new TenantJson(mapper);

    /**
     * @param db the database to export from or import into
     * @param clock stamps the export time
     */
    public TenantMigration(JdbcDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@return a migration on the database the {@code jdbc} stores of this context use} */
    public static TenantMigration of(ProviderContext context) {
        return new TenantMigration(SharedDatabase.of(context, JdbcSettings.bind(context)), context.clock());
    }

    /**
     * The facts of one export or import: each section's item count and checksum.
     *
     * @param tenant the tenant moved
     * @param sections per section name, in document order
     */
    public record Report(TenantId tenant, Map<String, SectionCheck> sections) {
        /** Copies the sections. */
        public Report {
            Objects.requireNonNull(tenant, "tenant");
            sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
        }
    }

    /**
     * One section's count and checksum.
     *
     * @param count items in the section
     * @param sha256 hex SHA-256 of the section's JSON text
     */
    public record SectionCheck(long count, String sha256) {
    }

    /**
     * Writes the tenant's export document to {@code out} (UTF-8 JSON). Does not close {@code out}.
     *
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws IOException if writing fails
     */
    public Report exportTenant(TenantId tenant, OutputStream out) throws IOException {
        // One snapshot: a rollup committing between two of the reads would otherwise put its events in the
        // exported rollups twice (once as rolled up, once as pending) or leave the hourly and daily rows apart.
        ObjectNode doc = db.transaction(Connection.TRANSACTION_REPEATABLE_READ, dsl -> document(dsl, tenant));
        mapper.writerWithDefaultPrettyPrinter().writeValue(out, doc);
        return report(tenant, doc.required("manifest"));
    }

    /**
     * Reads an export document and creates the tenant with everything it holds.
     *
     * @return the counts and checksums verified
     * @throws TenantAlreadyExistsException if the tenant id has a configuration, data or usage here
     * @throws IllegalArgumentException if the document is malformed or a count or checksum does not match
     * @throws IOException if reading fails
     */
    public Report importTenant(InputStream in) throws IOException {
        JsonNode doc;
        try {
            doc = mapper.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the export document is not JSON: " + e.getOriginalMessage(), e);
        }
        if (doc == null || !FORMAT.equals(doc.path("format").asText()) || doc.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException("not a " + FORMAT + " document of version " + VERSION);
        }
        JsonNode manifest = doc.required("manifest");
        ObjectNode sections = (ObjectNode) doc.required("sections");
        verify(sections, manifest, "document");
        TenantConfig config = json.tenant(sections.required("tenant"));
        TenantId id = config.id();
        db.transaction(dsl -> {
            refuseExisting(dsl, id);
            write(dsl, id, sections);
            verify(sectionsOf(dsl, id), manifest, "imported tenant");
            return null;
        });
        return report(id, manifest);
    }

    private ObjectNode document(DSLContext dsl, TenantId tenant) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("format", FORMAT).put("version", VERSION).put("exported-at", clock.instant().toString());
        ObjectNode sections = sectionsOf(dsl, tenant);
        ObjectNode manifest = doc.putObject("manifest");
        for (String name : SECTIONS) {
            JsonNode section = sections.required(name);
            manifest.putObject(name).put("count", count(section)).put("sha256", sha256(section));
        }
        doc.set("sections", sections);
        return doc;
    }

    private ObjectNode sectionsOf(DSLContext dsl, TenantId tenant) {
        ObjectNode s = mapper.createObjectNode();
        String id = tenant.value();
        TenantConfig config = dsl.selectFrom(TENANT).where(TENANT.TENANT_ID.eq(id)).fetchOptional()
                .map(r -> new JdbcTenantStore(db).toConfig(r)).orElseThrow(() -> new TenantNotFoundException(tenant));
        s.set("tenant", json.tenant(config));
        ArrayNode tiers = s.putArray("tier-changes");
        dsl.selectFrom(TIER_CHANGE).where(TIER_CHANGE.TENANT_ID.eq(id)).orderBy(TIER_CHANGE.CHANGED_AT)
                .forEach(r -> tiers.addObject().put("at", r.getChangedAt()).put("from", r.getFromTier())
                        .put("to", r.getToTier()));
        ArrayNode keys = s.putArray("api-keys");
        dsl.selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(id)).orderBy(API_KEY.KEY_ID).forEach(r -> {
            ObjectNode k = keys.addObject().put("key-id", new String(r.getKeyId(), StandardCharsets.UTF_8))
                    .put("secret-hash", r.getSecretHash()).put("prefix", r.getPrefix())
                    .put("created-at", r.getCreatedAt());
            if (r.getRevokedAt() == null) {
                k.putNull("revoked-at");
            } else {
                k.put("revoked-at", r.getRevokedAt());
            }
        });
        ArrayNode kv = s.putArray("kv");
        for (KvEntryRecord r : dsl.selectFrom(KV_ENTRY).where(KV_ENTRY.TENANT_ID.eq(id)).orderBy(KV_ENTRY.ENTRY_KEY)) {
            kv.addObject().put("key", new String(r.getEntryKey(), StandardCharsets.UTF_8)).put("value", r.getEntryValue());
        }
        ArrayNode events = s.putArray("usage-events");
        List<UsageEventRecord> pending = new ArrayList<>();
        for (UsageEventRecord r : dsl.selectFrom(USAGE_EVENT).where(USAGE_EVENT.TENANT_ID.eq(id))
                .orderBy(USAGE_EVENT.OCCURRED_AT, USAGE_EVENT.EVENT_ID)) {
            if (!r.getRolledUp()) {
                pending.add(r);
            }
            events.addObject().put("event-id", new String(r.getEventId(), StandardCharsets.UTF_8))
                    .put("occurred-at", r.getOccurredAt()).put("kind", r.getKind()).put("operation", r.getOperation())
                    .put("outcome", r.getOutcome()).put("cpu-nanos", r.getCpuNanos()).put("wall-nanos", r.getWallNanos())
                    .put("allocated-bytes", r.getAllocatedBytes()).put("api-calls", r.getApiCalls())
                    .put("output-bytes", r.getOutputBytes())
                    .put("memory-mb-seconds", plain(r.getMemoryMbSeconds()))
                    .put("storage-byte-hours", plain(r.getStorageByteHours()));
        }
        // Events the background rollup has not reached count in no rollup row. An import marks its events as
        // rolled up, so the exported rollups add them, as the store's own readers do.
        s.set("usage-hourly", rollup(dsl, USAGE_HOURLY, USAGE_HOURLY.TENANT_ID, USAGE_HOURLY.BUCKET_START, id,
                pending, Granularity.HOUR));
        s.set("usage-daily", rollup(dsl, USAGE_DAILY, USAGE_DAILY.TENANT_ID, USAGE_DAILY.BUCKET_START, id,
                pending, Granularity.DAY));
        return s;
    }

    private ArrayNode rollup(DSLContext dsl, Table<?> table, TableField<?, String> tenantField,
                             TableField<?, Long> bucket, String id, List<UsageEventRecord> pending,
                             Granularity granularity) {
        SortedMap<Long, UsageTotals> buckets = new TreeMap<>();
        for (Record r : dsl.selectFrom(table).where(tenantField.eq(id)).orderBy(bucket)) {
            buckets.put(r.get("bucket_start", Long.class), new UsageTotals(r.get("executions", Long.class),
                    r.get("cpu_nanos", Long.class), r.get("wall_nanos", Long.class),
                    r.get("memory_mb_seconds", BigDecimal.class), r.get("api_calls", Long.class),
                    r.get("allocated_bytes", Long.class), r.get("storage_byte_hours", BigDecimal.class)));
        }
        for (UsageEventRecord e : pending) {
            long start = Nanos.of(granularity.bucketStart(Nanos.toInstant(e.getOccurredAt())));
            buckets.merge(start, UsageTotals.ofEventRow(e), UsageTotals::plus);
        }
        ArrayNode rows = mapper.createArrayNode();
        buckets.forEach((start, t) -> rows.addObject().put("bucket-start", start)
                .put("executions", t.executions()).put("cpu-nanos", t.cpuNanos())
                .put("wall-nanos", t.wallNanos())
                .put("memory-mb-seconds", plain(t.memoryMbSeconds()))
                .put("api-calls", t.apiCalls())
                .put("allocated-bytes", t.allocatedBytes())
                .put("storage-byte-hours", plain(t.storageByteHours())));
        return rows;
    }

    private void refuseExisting(DSLContext dsl, TenantId id) {
        String v = id.value();
        boolean taken = dsl.fetchExists(TENANT, TENANT.TENANT_ID.eq(v))
                || dsl.fetchExists(KV_USAGE, KV_USAGE.TENANT_ID.eq(v))
                || dsl.fetchExists(KV_ENTRY, KV_ENTRY.TENANT_ID.eq(v))
                || dsl.fetchExists(USAGE_HOURLY, USAGE_HOURLY.TENANT_ID.eq(v))
                || dsl.fetchExists(USAGE_EVENT, USAGE_EVENT.TENANT_ID.eq(v));
        if (taken) {
            throw new TenantAlreadyExistsException(id);
        }
    }

    private void write(DSLContext dsl, TenantId id, JsonNode s) {
        String v = id.value();
        TenantConfig config = json.tenant(s.required("tenant"));
        try {
            dsl.executeInsert(new JdbcTenantStore(db).toRecord(dsl, config));
        } catch (DataAccessException e) {
            if (JdbcDatabase.isDuplicateKey(e)) {
                throw new TenantAlreadyExistsException(id);
            }
            throw e;
        }
        for (JsonNode t : s.required("tier-changes")) {
            dsl.insertInto(TIER_CHANGE).set(TIER_CHANGE.TENANT_ID, v).set(TIER_CHANGE.CHANGED_AT, t.required("at").asLong())
                    .set(TIER_CHANGE.FROM_TIER, t.required("from").asText()).set(TIER_CHANGE.TO_TIER, t.required("to").asText())
                    .execute();
        }
        for (JsonNode k : s.required("api-keys")) {
            JsonNode revoked = k.required("revoked-at");
            try {
                dsl.insertInto(API_KEY).set(API_KEY.KEY_ID, k.required("key-id").asText().getBytes(StandardCharsets.UTF_8))
                        .set(API_KEY.TENANT_ID, v).set(API_KEY.SECRET_HASH, k.required("secret-hash").asText())
                        .set(API_KEY.PREFIX, k.required("prefix").asText())
                        .set(API_KEY.CREATED_AT, k.required("created-at").asLong())
                        .set(API_KEY.REVOKED_AT, revoked.isNull() ? null : revoked.asLong()).execute();
            } catch (DataAccessException e) {
                if (JdbcDatabase.isDuplicateKey(e)) {
                    throw new IllegalArgumentException("API key " + k.required("key-id").asText()
                            + " already exists in the target database");
                }
                throw e;
            }
        }
        long bytes = 0;
        long objects = 0;
        for (JsonNode e : s.required("kv")) {
            byte[] key = e.required("key").asText().getBytes(StandardCharsets.UTF_8);
            String value = e.required("value").asText();
            long size = key.length + (long) value.getBytes(StandardCharsets.UTF_8).length;
            dsl.insertInto(KV_ENTRY).set(KV_ENTRY.TENANT_ID, v).set(KV_ENTRY.ENTRY_KEY, key)
                    .set(KV_ENTRY.ENTRY_VALUE, value).set(KV_ENTRY.ENTRY_BYTES, size).execute();
            bytes += size;
            objects++;
        }
        if (objects > 0) {
            dsl.insertInto(KV_USAGE).set(KV_USAGE.TENANT_ID, v).set(KV_USAGE.TOTAL_BYTES, bytes)
                    .set(KV_USAGE.TOTAL_OBJECTS, objects).execute();
        }
        for (JsonNode e : s.required("usage-events")) {
            try {
                dsl.insertInto(USAGE_EVENT)
                        .set(USAGE_EVENT.EVENT_ID, e.required("event-id").asText().getBytes(StandardCharsets.UTF_8))
                        .set(USAGE_EVENT.TENANT_ID, v).set(USAGE_EVENT.OCCURRED_AT, e.required("occurred-at").asLong())
                        .set(USAGE_EVENT.KIND, e.required("kind").asText())
                        .set(USAGE_EVENT.OPERATION, e.required("operation").asText())
                        .set(USAGE_EVENT.OUTCOME, e.required("outcome").asText())
                        .set(USAGE_EVENT.CPU_NANOS, e.required("cpu-nanos").asLong())
                        .set(USAGE_EVENT.WALL_NANOS, e.required("wall-nanos").asLong())
                        .set(USAGE_EVENT.ALLOCATED_BYTES, e.required("allocated-bytes").asLong())
                        .set(USAGE_EVENT.API_CALLS, e.required("api-calls").asLong())
                        .set(USAGE_EVENT.OUTPUT_BYTES, e.required("output-bytes").asLong())
                        .set(USAGE_EVENT.MEMORY_MB_SECONDS, new BigDecimal(e.required("memory-mb-seconds").asText()))
                        .set(USAGE_EVENT.STORAGE_BYTE_HOURS, new BigDecimal(e.required("storage-byte-hours").asText()))
                        .execute();
            } catch (DataAccessException ex) {
                if (JdbcDatabase.isDuplicateKey(ex)) {
                    throw new IllegalArgumentException("usage event " + e.required("event-id").asText()
                            + " already exists in the target database", ex);
                }
                throw ex;
            }
        }
        for (JsonNode r : s.required("usage-hourly")) {
            insertRollup(dsl, USAGE_HOURLY, v, r);
        }
        for (JsonNode r : s.required("usage-daily")) {
            insertRollup(dsl, USAGE_DAILY, v, r);
        }
    }

    private static void insertRollup(DSLContext dsl, Table<?> table, String tenant, JsonNode r) {
        dsl.insertInto(table)
                .set(table.field("tenant_id", String.class), tenant)
                .set(table.field("bucket_start", Long.class), r.required("bucket-start").asLong())
                .set(table.field("executions", Long.class), r.required("executions").asLong())
                .set(table.field("cpu_nanos", Long.class), r.required("cpu-nanos").asLong())
                .set(table.field("wall_nanos", Long.class), r.required("wall-nanos").asLong())
                .set(table.field("memory_mb_seconds", BigDecimal.class), new BigDecimal(r.required("memory-mb-seconds").asText()))
                .set(table.field("api_calls", Long.class), r.required("api-calls").asLong())
                .set(table.field("allocated_bytes", Long.class), r.required("allocated-bytes").asLong())
                .set(table.field("storage_byte_hours", BigDecimal.class), new BigDecimal(r.required("storage-byte-hours").asText()))
                .execute();
    }

    private void verify(JsonNode sections, JsonNode manifest, String what) {
        for (String name : SECTIONS) {
            JsonNode section = sections.get(name);
            JsonNode expected = manifest.get(name);
            if (section == null || expected == null) {
                throw new IllegalArgumentException("the export document lacks section \"" + name + "\"");
            }
            long count = count(section);
            if (count != expected.path("count").asLong(-1)) {
                throw new IllegalArgumentException("section \"" + name + "\" of the " + what + " has " + count
                        + " items; the manifest says " + expected.path("count").asText());
            }
            String sum = sha256(section);
            if (!sum.equals(expected.path("sha256").asText())) {
                throw new IllegalArgumentException("section \"" + name + "\" of the " + what
                        + " does not match its checksum in the manifest");
            }
        }
    }

    private static Report report(TenantId tenant, JsonNode manifest) {
        Map<String, SectionCheck> checks = new LinkedHashMap<>();
        for (String name : SECTIONS) {
            JsonNode m = manifest.required(name);
            checks.put(name, new SectionCheck(m.required("count").asLong(), m.required("sha256").asText()));
        }
        return new Report(tenant, checks);
    }

    private static long count(JsonNode section) {
        return section.isArray() ? section.size() : 1;
    }

    private String sha256(JsonNode section) {
        try {
            byte[] text = mapper.writeValueAsBytes(section);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot checksum section", e);
        }
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
