package dev.tenantry.core.memory;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantLimits.StorageLimit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariants of the in-memory data store over any sequence of writes and deletes of two tenants. */
class InMemoryTenantDataStoreInvariantsTest {
    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");
    private static final StorageLimit LIMIT = new StorageLimit(200, 6, 40);

    record Op(boolean tenantA, boolean delete, String key, String value) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "é");
        Arbitrary<String> values = Arbitraries.strings().withChars("0123456789ü").ofMinLength(1).ofMaxLength(45);
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 3), keys, values)
                .as((tenantA, kind, key, value) -> new Op(tenantA, kind == 0, key, value))
                .list().ofMaxSize(60);
    }

    @Property(tries = 200)
    void usageAlwaysEqualsTheEntriesAndNeverPassesTheLimits(@ForAll("operations") List<Op> ops) {
        InMemoryTenantDataStore store = new InMemoryTenantDataStore();
        for (Op op : ops) {
            TenantId t = op.tenantA() ? A : B;
            if (op.delete()) {
                store.delete(t, op.key());
            } else {
                try {
                    store.put(t, op.key(), op.value(), LIMIT);
                } catch (LimitExceededException e) {
                    // refused writes change nothing; the invariants below check that
                }
            }
            for (TenantId tenant : List.of(A, B)) {
                List<KvEntry> entries = store.list(tenant, "", Optional.empty(), 1_000);
                long bytes = entries.stream().mapToLong(e -> utf8(e.key()) + utf8(e.value())).sum();
                StorageUsage usage = store.usage(tenant);
                assertThat(usage).isEqualTo(new StorageUsage(bytes, entries.size()));
                assertThat(usage.bytes()).isLessThanOrEqualTo(LIMIT.maxBytes());
                assertThat(usage.objects()).isLessThanOrEqualTo(LIMIT.maxObjects());
            }
        }
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
