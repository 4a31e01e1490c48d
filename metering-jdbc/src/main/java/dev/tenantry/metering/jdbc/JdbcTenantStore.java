package dev.tenantry.metering.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tenantry.metering.jdbc.schema.tables.records.ApiKeyRecord;
import dev.tenantry.metering.jdbc.schema.tables.records.TenantRecord;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantAlreadyExistsException;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.Tier;
import dev.tenantry.spi.tenant.TierChange;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.tenantry.metering.jdbc.schema.Tables.API_KEY;
import static dev.tenantry.metering.jdbc.schema.Tables.TENANT;
import static dev.tenantry.metering.jdbc.schema.Tables.TIER_CHANGE;

/**
 * The {@link TenantStore} on JDBC. Limits and settings are JSON columns; instants are stored to the
 * nanosecond, so a configuration reads back equal to what was stored. Thread-safe; each method is one
 * transaction.
 */
public final class JdbcTenantStore implements TenantStore {
    private final JdbcDatabase db;
    private final TenantJson json = new TenantJson(new ObjectMapper());

    /** @param db the database, migrated */
    public JdbcTenantStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public TenantConfig create(TenantConfig tenant) {
        Objects.requireNonNull(tenant, "tenant");
        try {
            db.dsl().executeInsert(toRecord(db.dsl(), tenant));
        } catch (DataAccessException e) {
            if (JdbcDatabase.isDuplicateKey(e)) {
                throw new TenantAlreadyExistsException(tenant.id());
            }
            throw e;
        }
        return tenant;
    }

    @Override
    public Optional<TenantConfig> find(TenantId id) {
        return db.dsl().selectFrom(TENANT).where(TENANT.TENANT_ID.eq(id.value())).fetchOptional().map(this::toConfig);
    }

    @Override
    public TenantConfig update(TenantConfig tenant) {
        Objects.requireNonNull(tenant, "tenant");
        return db.transaction(dsl -> {
            TenantRecord current = dsl.selectFrom(TENANT).where(TENANT.TENANT_ID.eq(tenant.id().value()))
                    .forUpdate().fetchOptional().orElseThrow(() -> new TenantNotFoundException(tenant.id()));
            dsl.executeUpdate(toRecord(dsl, tenant));
            Tier before = Tier.parse(current.getTier());
            if (before != tenant.tier()) {
                dsl.insertInto(TIER_CHANGE).set(TIER_CHANGE.TENANT_ID, tenant.id().value())
                        .set(TIER_CHANGE.CHANGED_AT, Nanos.of(tenant.updatedAt()))
                        .set(TIER_CHANGE.FROM_TIER, before.id()).set(TIER_CHANGE.TO_TIER, tenant.tier().id())
                        .execute();
            }
            return tenant;
        });
    }

    @Override
    public boolean delete(TenantId id) {
        return db.transaction(dsl -> {
            dsl.deleteFrom(API_KEY).where(API_KEY.TENANT_ID.eq(id.value())).execute();
            dsl.deleteFrom(TIER_CHANGE).where(TIER_CHANGE.TENANT_ID.eq(id.value())).execute();
            return dsl.deleteFrom(TENANT).where(TENANT.TENANT_ID.eq(id.value())).execute() > 0;
        });
    }

    @Override
    public List<TenantConfig> list(Optional<TenantId> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return db.dsl().selectFrom(TENANT)
                .where(after.map(a -> TENANT.TENANT_ID.gt(a.value())).orElse(org.jooq.impl.DSL.noCondition()))
                .orderBy(TENANT.TENANT_ID).limit(limit).fetch(this::toConfig);
    }

    @Override
    public List<TierChange> tierChanges(TenantId tenant) {
        return db.dsl().selectFrom(TIER_CHANGE).where(TIER_CHANGE.TENANT_ID.eq(tenant.value()))
                .orderBy(TIER_CHANGE.CHANGED_AT)
                .fetch(r -> new TierChange(tenant, Tier.parse(r.getFromTier()), Tier.parse(r.getToTier()),
                        Nanos.toInstant(r.getChangedAt())));
    }

    @Override
    public void addKey(ApiKey key) {
        Objects.requireNonNull(key, "key");
        db.transaction(dsl -> {
            // Locks the tenant row, so a concurrent delete cannot leave an orphan key behind.
            dsl.select(TENANT.TENANT_ID).from(TENANT).where(TENANT.TENANT_ID.eq(key.tenant().value())).forUpdate()
                    .fetchOptional().orElseThrow(() -> new TenantNotFoundException(key.tenant()));
            try {
                insertKey(dsl, key);
            } catch (DataAccessException e) {
                if (JdbcDatabase.isDuplicateKey(e)) {
                    throw new IllegalArgumentException("an API key with id " + key.keyId() + " exists");
                }
                throw e;
            }
            return null;
        });
    }

    static void insertKey(DSLContext dsl, ApiKey key) {
        dsl.insertInto(API_KEY).set(API_KEY.KEY_ID, key.keyId().getBytes(StandardCharsets.UTF_8))
                .set(API_KEY.TENANT_ID, key.tenant().value()).set(API_KEY.SECRET_HASH, key.secretHash())
                .set(API_KEY.PREFIX, key.prefix()).set(API_KEY.CREATED_AT, Nanos.of(key.createdAt()))
                .set(API_KEY.REVOKED_AT, key.revokedAt().map(Nanos::of).orElse(null))
                .execute();
    }

    @Override
    public Optional<ApiKey> findKey(String keyId) {
        return db.dsl().selectFrom(API_KEY).where(API_KEY.KEY_ID.eq(keyId.getBytes(StandardCharsets.UTF_8)))
                .fetchOptional().map(JdbcTenantStore::toKey);
    }

    @Override
    public List<ApiKey> keys(TenantId tenant) {
        return db.dsl().selectFrom(API_KEY).where(API_KEY.TENANT_ID.eq(tenant.value()))
                .orderBy(API_KEY.CREATED_AT, API_KEY.KEY_ID).fetch(JdbcTenantStore::toKey);
    }

    @Override
    public boolean revokeKey(String keyId, Instant at) {
        return db.dsl().update(API_KEY).set(API_KEY.REVOKED_AT, Nanos.of(at))
                .where(API_KEY.KEY_ID.eq(keyId.getBytes(StandardCharsets.UTF_8))).and(API_KEY.REVOKED_AT.isNull())
                .execute() > 0;
    }

    @Override
    public void close() {
        // The pool is shared and closed by the platform.
    }

    static ApiKey toKey(ApiKeyRecord r) {
        return new ApiKey(new String(r.getKeyId(), StandardCharsets.UTF_8), TenantId.of(r.getTenantId()),
                r.getSecretHash(), r.getPrefix(), Nanos.toInstant(r.getCreatedAt()),
                Optional.ofNullable(r.getRevokedAt()).map(Nanos::toInstant));
    }

    TenantRecord toRecord(DSLContext dsl, TenantConfig t) {
        TenantRecord r = dsl.newRecord(TENANT);
        r.setTenantId(t.id().value());
        r.setName(t.name());
        r.setTier(t.tier().id());
        r.setPriority(t.priority().id());
        r.setEnabled(t.enabled());
        r.setLimitsJson(json.text(json.limits(t.limits())));
        r.setSettingsJson(json.text(json.settings(t.settings())));
        r.setCreatedAt(Nanos.of(t.createdAt()));
        r.setUpdatedAt(Nanos.of(t.updatedAt()));
        return r;
    }

    TenantConfig toConfig(TenantRecord r) {
        return new TenantConfig(TenantId.of(r.getTenantId()), r.getName(), Tier.parse(r.getTier()),
                Priority.parse(r.getPriority()), json.limits(json.parse(r.getLimitsJson())), r.getEnabled(),
                json.settings(json.parse(r.getSettingsJson())), Nanos.toInstant(r.getCreatedAt()),
                Nanos.toInstant(r.getUpdatedAt()));
    }
}
