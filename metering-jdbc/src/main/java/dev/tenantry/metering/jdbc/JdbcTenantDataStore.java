package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.exception.DataAccessException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.tenantry.metering.jdbc.schema.Tables.KV_ENTRY;
import static dev.tenantry.metering.jdbc.schema.Tables.KV_USAGE;

/**
 * The {@link TenantDataStore} on JDBC. Every statement is keyed by the tenant id column, and keys are
 * compared as UTF-8 bytes, so no key string (wildcards, dots, slashes) can reach another tenant's rows.
 * A tenant's writes serialise on its row in {@code kv_usage}, which carries its running totals, so limits
 * hold under concurrent writers and across nodes. Thread-safe.
 */
public final class JdbcTenantDataStore implements TenantDataStore {
    private static final int MAX_KEY_CHARS = 512;

    private final JdbcDatabase db;

    /** @param db the database, migrated */
    public JdbcTenantDataStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public Optional<String> get(TenantId tenant, String key) {
        return db.dsl().select(KV_ENTRY.ENTRY_VALUE).from(KV_ENTRY)
                .where(KV_ENTRY.TENANT_ID.eq(tenant.value()), KV_ENTRY.ENTRY_KEY.eq(bytes(checkKey(key))))
                .fetchOptional(KV_ENTRY.ENTRY_VALUE);
    }

    @Override
    public StorageUsage put(TenantId tenant, String key, String value, TenantLimits.StorageLimit limit) {
        byte[] k = bytes(checkKey(key));
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(limit, "limit");
        long size = k.length + (long) value.getBytes(StandardCharsets.UTF_8).length;
        if (size > limit.maxObjectBytes()) {
            throw refused(tenant, LimitType.OBJECT_SIZE, limit.maxObjectBytes(), size,
                    "the entry is " + size + " bytes; one entry may hold " + limit.maxObjectBytes());
        }
        return db.transaction(dsl -> {
            StorageUsage before = lockUsage(dsl, tenant);
            Long old = dsl.select(KV_ENTRY.ENTRY_BYTES).from(KV_ENTRY)
                    .where(KV_ENTRY.TENANT_ID.eq(tenant.value()), KV_ENTRY.ENTRY_KEY.eq(k))
                    .fetchOptional(KV_ENTRY.ENTRY_BYTES).orElse(null);
            long bytes = before.bytes() - (old == null ? 0 : old) + size;
            long objects = before.objects() + (old == null ? 1 : 0);
            if (bytes > limit.maxBytes()) {
                throw refused(tenant, LimitType.STORAGE_BYTES, limit.maxBytes(), before.bytes(),
                        "the tenant's data would hold " + bytes + " bytes; the limit is " + limit.maxBytes());
            }
            if (objects > limit.maxObjects()) {
                throw refused(tenant, LimitType.STORAGE_OBJECTS, limit.maxObjects(), before.objects(),
                        "the tenant's data would hold " + objects + " keys; the limit is " + limit.maxObjects());
            }
            if (old == null) {
                dsl.insertInto(KV_ENTRY).set(KV_ENTRY.TENANT_ID, tenant.value()).set(KV_ENTRY.ENTRY_KEY, k)
                        .set(KV_ENTRY.ENTRY_VALUE, value).set(KV_ENTRY.ENTRY_BYTES, size).execute();
            } else {
                dsl.update(KV_ENTRY).set(KV_ENTRY.ENTRY_VALUE, value).set(KV_ENTRY.ENTRY_BYTES, size)
                        .where(KV_ENTRY.TENANT_ID.eq(tenant.value()), KV_ENTRY.ENTRY_KEY.eq(k)).execute();
            }
            StorageUsage after = new StorageUsage(bytes, objects);
            saveUsage(dsl, tenant, after);
            return after;
        });
    }

    @Override
    public boolean delete(TenantId tenant, String key) {
        byte[] k = bytes(checkKey(key));
        return db.transaction(dsl -> {
            StorageUsage before = lockUsage(dsl, tenant);
            Long old = dsl.select(KV_ENTRY.ENTRY_BYTES).from(KV_ENTRY)
                    .where(KV_ENTRY.TENANT_ID.eq(tenant.value()), KV_ENTRY.ENTRY_KEY.eq(k))
                    .fetchOptional(KV_ENTRY.ENTRY_BYTES).orElse(null);
            if (old == null) {
                return false;
            }
            dsl.deleteFrom(KV_ENTRY).where(KV_ENTRY.TENANT_ID.eq(tenant.value()), KV_ENTRY.ENTRY_KEY.eq(k)).execute();
            saveUsage(dsl, tenant, new StorageUsage(Math.max(0, before.bytes() - old), Math.max(0, before.objects() - 1)));
            return true;
        });
    }

    @Override
    public List<KvEntry> list(TenantId tenant, String prefix, Optional<String> after, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        // A prefix is a byte range [prefix, successor(prefix)): no LIKE, so '%' and '_' are literal.
        byte[] p = bytes(prefix);
        Condition where = KV_ENTRY.TENANT_ID.eq(tenant.value()).and(KV_ENTRY.ENTRY_KEY.ge(p));
        Optional<byte[]> end = successor(p);
        if (end.isPresent()) {
            where = where.and(KV_ENTRY.ENTRY_KEY.lt(end.get()));
        }
        if (after.isPresent()) {
            where = where.and(KV_ENTRY.ENTRY_KEY.gt(bytes(after.get())));
        }
        return db.dsl().select(KV_ENTRY.ENTRY_KEY, KV_ENTRY.ENTRY_VALUE).from(KV_ENTRY).where(where)
                .orderBy(KV_ENTRY.ENTRY_KEY).limit(limit)
                .fetch(r -> new KvEntry(new String(r.value1(), StandardCharsets.UTF_8), r.value2()));
    }

    @Override
    public StorageUsage usage(TenantId tenant) {
        return db.dsl().select(KV_USAGE.TOTAL_BYTES, KV_USAGE.TOTAL_OBJECTS).from(KV_USAGE)
                .where(KV_USAGE.TENANT_ID.eq(tenant.value())).fetchOptional()
                .map(r -> new StorageUsage(r.value1(), r.value2())).orElse(StorageUsage.EMPTY);
    }

    @Override
    public long deleteAll(TenantId tenant) {
        return db.transaction(dsl -> {
            lockUsage(dsl, tenant);
            int n = dsl.deleteFrom(KV_ENTRY).where(KV_ENTRY.TENANT_ID.eq(tenant.value())).execute();
            dsl.deleteFrom(KV_USAGE).where(KV_USAGE.TENANT_ID.eq(tenant.value())).execute();
            return (long) n;
        });
    }

    @Override
    public void close() {
        // The pool is shared and closed by the platform.
    }

    /** Locks the tenant's usage row, creating it at zero first if the tenant has none yet. */
    private static StorageUsage lockUsage(DSLContext dsl, TenantId tenant) {
        for (int attempt = 0; ; attempt++) {
            Optional<Record2<Long, Long>> row = dsl.select(KV_USAGE.TOTAL_BYTES, KV_USAGE.TOTAL_OBJECTS).from(KV_USAGE)
                    .where(KV_USAGE.TENANT_ID.eq(tenant.value())).forUpdate().fetchOptional();
            if (row.isPresent()) {
                return new StorageUsage(row.get().value1(), row.get().value2());
            }
            try {
                dsl.insertInto(KV_USAGE).set(KV_USAGE.TENANT_ID, tenant.value()).set(KV_USAGE.TOTAL_BYTES, 0L)
                        .set(KV_USAGE.TOTAL_OBJECTS, 0L).onDuplicateKeyIgnore().execute();
            } catch (DataAccessException e) {
                if (!JdbcDatabase.isDuplicateKey(e) || attempt > 3) {
                    throw e;
                }
            }
        }
    }

    private static void saveUsage(DSLContext dsl, TenantId tenant, StorageUsage usage) {
        dsl.update(KV_USAGE).set(KV_USAGE.TOTAL_BYTES, usage.bytes()).set(KV_USAGE.TOTAL_OBJECTS, usage.objects())
                .where(KV_USAGE.TENANT_ID.eq(tenant.value())).execute();
    }

    private static LimitExceededException refused(TenantId tenant, LimitType type, long limit, long current,
                                                  String message) {
        return new LimitExceededException(new LimitRejection(tenant, type, limit, current, Optional.empty(), message));
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("a key must be 1-" + MAX_KEY_CHARS + " characters, was " + key.length());
        }
        return key;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@return the smallest byte string greater than every string starting with {@code p}}, if there is one */
    private static Optional<byte[]> successor(byte[] p) {
        byte[] s = Arrays.copyOf(p, p.length);
        for (int i = s.length - 1; i >= 0; i--) {
            if (s[i] != (byte) 0xFF) {
                s[i]++;
                return Optional.of(Arrays.copyOf(s, i + 1));
            }
        }
        return Optional.empty();
    }
}
