package dev.tenantry.core.tenants;

import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.event.EventSink;
import dev.tenantry.spi.event.PlatformEvent;
import dev.tenantry.spi.tenant.ApiKey;
import dev.tenantry.spi.tenant.Priority;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantNotFoundException;
import dev.tenantry.spi.tenant.TenantStore;
import dev.tenantry.spi.tenant.Tier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * The tenants of one platform: create, read, change, disable, enable, delete and list them over the
 * configured {@link TenantStore}, with limits from {@link TierDefaults} and per-tenant
 * {@link LimitOverrides}; and their API keys ({@code tnt_<keyId>.<secret>}: issue, rotate, revoke,
 * authenticate). Every change publishes a {@link PlatformEvent.TenantChanged} event, and every changed
 * limit a {@link PlatformEvent.LimitChanged}. Deleting a tenant removes its key-value data and keys; its
 * metered usage stays for billing.
 *
 * <p>Thread-safe: each operation is one read-modify-write on the store; two concurrent changes of one
 * tenant may overwrite each other (last writer wins), as with any store-backed registry.
 */
public final class TenantRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TenantRegistry.class);

    private final TenantStore store;
    private final TenantDataStore data;
    private final TierDefaults tiers;
    private final Clock clock;
    private final EventSink events;
    private final ApiKeys keys;

    /**
     * @param store where tenants and key hashes live
     * @param data the tenants' key-value data, cleared when a tenant is deleted
     * @param tiers the default limits of each tier
     * @param clock the platform clock
     * @param events where changes are published
     */
    public TenantRegistry(TenantStore store, TenantDataStore data, TierDefaults tiers, Clock clock, EventSink events) {
        this.store = Objects.requireNonNull(store, "store");
        this.data = Objects.requireNonNull(data, "data");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.keys = new ApiKeys(store, clock, new SecureRandom());
    }

    /** {@return the default limits of each tier, as configured} */
    public TierDefaults tiers() {
        return tiers;
    }

    /**
     * Creates a tenant with its tier's limits, changed by its overrides.
     *
     * @throws dev.tenantry.spi.tenant.TenantAlreadyExistsException if the id is taken
     * @throws ConfigurationException at {@code limits.<key>} for an unknown override or a bad value, or if a
     *     {@code custom} tenant has no overrides
     */
    public TenantConfig create(NewTenant spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.tier() == Tier.CUSTOM && spec.overrides().isEmpty()) {
            throw new ConfigurationException("limits", "a custom tenant needs explicit limit overrides; expected some of "
                    + new TreeSet<>(LimitOverrides.KEYS));
        }
        TierProfile profile = spec.overrides().applyTo(tiers.profile(spec.tier()), "limits");
        Instant now = clock.instant();
        TenantConfig tenant = store.create(new TenantConfig(spec.id(), spec.name(), spec.tier(),
                spec.priority().orElse(profile.priority()), profile.limits(), true, spec.settings(), now, now));
        changed(tenant.id(), "created");
        return tenant;
    }

    /** {@return the tenant, if it exists} */
    public Optional<TenantConfig> find(TenantId id) {
        return store.find(id);
    }

    /**
     * {@return the tenant}
     *
     * @throws TenantNotFoundException if it does not exist
     */
    public TenantConfig get(TenantId id) {
        return store.find(id).orElseThrow(() -> new TenantNotFoundException(id));
    }

    /** {@return one page of tenants in id order, after {@code after}} */
    public List<TenantConfig> list(Optional<TenantId> after, int limit) {
        return store.list(after, limit);
    }

    /**
     * Moves a tenant to another tier: its limits become that tier's, changed by {@code overrides}; earlier
     * overrides do not carry over. The store records the tier change for billing.
     *
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws ConfigurationException for a bad override, or a move to {@code custom} without overrides
     */
    public TenantConfig changeTier(TenantId id, Tier tier, LimitOverrides overrides) {
        if (tier == Tier.CUSTOM && overrides.isEmpty()) {
            throw new ConfigurationException("limits", "a custom tenant needs explicit limit overrides");
        }
        TierProfile profile = overrides.applyTo(tiers.profile(tier), "limits");
        TenantConfig before = get(id);
        TenantConfig after = update(id, "updated", t -> t.withTier(tier, profile.limits(), clock.instant()));
        limitsChanged(before, after, "tier changed from " + before.tier() + " to " + tier);
        return after;
    }

    /**
     * Changes some limits of a tenant, keeping the others.
     *
     * @throws TenantNotFoundException if the tenant does not exist
     * @throws ConfigurationException for an unknown key or a bad value
     */
    public TenantConfig changeLimits(TenantId id, LimitOverrides overrides) {
        TenantConfig current = get(id);
        TierProfile profile = overrides.applyTo(new TierProfile(current.limits(), current.priority()), "limits");
        Instant now = clock.instant();
        TenantConfig after = update(id, "updated",
                t -> t.withLimits(profile.limits(), now).withPriority(profile.priority(), now));
        limitsChanged(current, after, "limits changed by an operator");
        return after;
    }

    /** Renames a tenant. @throws TenantNotFoundException if it does not exist */
    public TenantConfig rename(TenantId id, String name) {
        return update(id, "updated", t -> t.withName(name, clock.instant()));
    }

    /** Changes a tenant's priority. @throws TenantNotFoundException if it does not exist */
    public TenantConfig changePriority(TenantId id, Priority priority) {
        return update(id, "updated", t -> t.withPriority(priority, clock.instant()));
    }

    /** Replaces a tenant's settings. @throws TenantNotFoundException if it does not exist */
    public TenantConfig changeSettings(TenantId id, Map<String, String> settings) {
        return update(id, "updated", t -> t.withSettings(settings, clock.instant()));
    }

    /** Disables a tenant: its requests are refused with {@code tenant_disabled}, its data kept. */
    public TenantConfig disable(TenantId id) {
        return update(id, "disabled", t -> t.withEnabled(false, clock.instant()));
    }

    /** Enables a disabled tenant. */
    public TenantConfig enable(TenantId id) {
        return update(id, "enabled", t -> t.withEnabled(true, clock.instant()));
    }

    /**
     * Deletes a tenant with its keys, tier history and key-value data.
     *
     * @return true if it existed
     */
    public boolean delete(TenantId id) {
        long entries = data.deleteAll(id);
        boolean existed = store.delete(id);
        if (existed) {
            LOG.info("deleted tenant {} with {} data entries", id, entries);
            changed(id, "deleted");
        }
        return existed;
    }

    /**
     * Issues a new API key for a tenant. The key is in the result only; the store keeps its hash.
     *
     * @throws TenantNotFoundException if the tenant does not exist
     */
    public IssuedKey issueKey(TenantId tenant) {
        get(tenant);
        IssuedKey key = keys.issue(tenant);
        LOG.info("issued API key {} for tenant {}", key.keyId(), tenant);
        return key;
    }

    /**
     * Replaces a key: issues a new one for the same tenant and revokes the old one.
     *
     * @throws IllegalArgumentException if no active key has this id
     */
    public IssuedKey rotateKey(String keyId) {
        ApiKey old = store.findKey(keyId).filter(ApiKey::active)
                .orElseThrow(() -> new IllegalArgumentException("no active API key with id " + keyId));
        IssuedKey fresh = keys.issue(old.tenant());
        store.revokeKey(keyId, clock.instant());
        LOG.info("rotated API key {} to {} for tenant {}", keyId, fresh.keyId(), old.tenant());
        return fresh;
    }

    /** Revokes a key; it never authenticates again. {@return whether an active key was revoked} */
    public boolean revokeKey(String keyId) {
        boolean revoked = store.revokeKey(keyId, clock.instant());
        if (revoked) {
            LOG.info("revoked API key {}", keyId);
        }
        return revoked;
    }

    /** {@return a tenant's keys, active and revoked, oldest first} */
    public List<ApiKey> keys(TenantId tenant) {
        return store.keys(tenant);
    }

    /**
     * {@return the tenant a presented key belongs to}; empty for a malformed, unknown, wrong or revoked key.
     * The tenant may be disabled: the pipeline refuses its requests.
     */
    public Optional<TenantId> authenticate(String presentedKey) {
        return keys.authenticate(presentedKey).map(ApiKey::tenant);
    }

    private TenantConfig update(TenantId id, String change, UnaryOperator<TenantConfig> edit) {
        TenantConfig updated = store.update(edit.apply(get(id)));
        changed(id, change);
        return updated;
    }

    /** Publishes one {@link PlatformEvent.LimitChanged} per limit that differs between the two. */
    private void limitsChanged(TenantConfig before, TenantConfig after, String reason) {
        Map<String, String> old = LimitOverrides.describe(new TierProfile(before.limits(), before.priority()));
        Map<String, String> now = LimitOverrides.describe(new TierProfile(after.limits(), after.priority()));
        Set<String> keys = new TreeSet<>(old.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            String was = old.getOrDefault(key, "none");
            String is = now.getOrDefault(key, "none");
            if (!was.equals(is)) {
                events.publish(new PlatformEvent.LimitChanged(after.id(), after.updatedAt(), key, was, is, reason));
            }
        }
    }

    private void changed(TenantId id, String change) {
        LOG.info("tenant {} {}", id, change);
        events.publish(new PlatformEvent.TenantChanged(id, clock.instant(), change));
    }
}
