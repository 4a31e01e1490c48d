package dev.tenantry.testkit.tenant;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitType;
import dev.tenantry.spi.tenant.KvEntry;
import dev.tenantry.spi.tenant.StorageUsage;
import dev.tenantry.spi.tenant.TenantDataStore;
import dev.tenantry.spi.tenant.TenantLimits.StorageLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link TenantDataStore} must do: per-tenant isolation whatever the key, and storage limits
 * enforced atomically on write. Extend it and return a new, empty store from {@link #createStore()}.
 */
public abstract class TenantDataStoreContract {
    /** Generous limits for tests that are not about limits. */
    protected static final StorageLimit ROOMY = new StorageLimit(1 << 20, 1_000, 64 * 1024);

    private static final TenantId A = TenantId.of("tenant-a");
    private static final TenantId B = TenantId.of("tenant-b");

    private TenantDataStore store;

    /** {@return a new, empty store} */
    protected abstract TenantDataStore createStore();

    @BeforeEach
    final void openStore() {
        store = createStore();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    @Test
    void readsBackWhatWasWritten() {
        store.put(A, "greeting", "\"hello\"", ROOMY);

        assertThat(store.get(A, "greeting")).contains("\"hello\"");
        assertThat(store.get(A, "missing")).isEmpty();
    }

    @Test
    void keepsNonAsciiKeysAndValuesIntact() {
        store.put(A, "clé/日本", "{\"v\":\"ü😀\"}", ROOMY);

        assertThat(store.get(A, "clé/日本")).contains("{\"v\":\"ü😀\"}");
    }

    @Test
    void oneTenantNeverSeesAnothersKeysWhateverTheKeyString() {
        store.put(A, "shared-name", "1", ROOMY);
        for (String attempt : List.of("shared-name", "../tenant-a/shared-name", "tenant-a:shared-name",
                "tenant-a/shared-name", "%", "*", "' OR '1'='1")) {
            assertThat(store.get(B, attempt)).as(attempt).isEmpty();
        }
        assertThat(store.list(B, "", Optional.empty(), 100)).isEmpty();
        assertThat(store.delete(B, "shared-name")).isFalse();
        assertThat(store.get(A, "shared-name")).contains("1");
    }

    @Test
    void likeWildcardsInAPrefixAreLiteral() {
        store.put(A, "a%b", "1", ROOMY);
        store.put(A, "a_c", "2", ROOMY);
        store.put(A, "axb", "3", ROOMY);

        assertThat(store.list(A, "a%", Optional.empty(), 10)).extracting(KvEntry::key).containsExactly("a%b");
        assertThat(store.list(A, "a_", Optional.empty(), 10)).extracting(KvEntry::key).containsExactly("a_c");
    }

    @Test
    void listsByPrefixInKeyOrderOnePageAtATime() {
        for (String k : List.of("user:3", "user:1", "order:1", "user:2")) {
            store.put(A, k, "0", ROOMY);
        }

        List<KvEntry> first = store.list(A, "user:", Optional.empty(), 2);
        List<KvEntry> rest = store.list(A, "user:", Optional.of(first.get(1).key()), 10);

        assertThat(first).extracting(KvEntry::key).containsExactly("user:1", "user:2");
        assertThat(rest).extracting(KvEntry::key).containsExactly("user:3");
    }

    @Test
    void countsUsageAsUtf8BytesOfKeyPlusValue() {
        store.put(A, "k", "\"é\"", ROOMY);
        store.put(A, "k2", "12", ROOMY);

        long expected = utf8("k") + utf8("\"é\"") + utf8("k2") + utf8("12");
        assertThat(store.usage(A)).isEqualTo(new StorageUsage(expected, 2));
        assertThat(store.usage(B)).isEqualTo(StorageUsage.EMPTY);
    }

    @Test
    void overwritingReplacesTheOldSizeInUsage() {
        store.put(A, "k", "\"a long value\"", ROOMY);
        store.put(A, "k", "1", ROOMY);

        assertThat(store.usage(A)).isEqualTo(new StorageUsage(utf8("k") + utf8("1"), 1));
    }

    @Test
    void deleteFreesItsUsage() {
        store.put(A, "k", "1", ROOMY);

        assertThat(store.delete(A, "k")).isTrue();
        assertThat(store.usage(A)).isEqualTo(StorageUsage.EMPTY);
    }

    @Test
    void refusesAnObjectLargerThanTheObjectSizeLimitAndChangesNothing() {
        StorageLimit limit = new StorageLimit(1_000, 10, 10);

        assertThatThrownBy(() -> store.put(A, "k", "\"0123456789\"", limit))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.rejection().limitType()).isEqualTo(LimitType.OBJECT_SIZE);
                    assertThat(e.rejection().limit()).isEqualTo(10);
                    assertThat(e.rejection().tenant()).isEqualTo(A);
                });
        assertThat(store.get(A, "k")).isEmpty();
        assertThat(store.usage(A)).isEqualTo(StorageUsage.EMPTY);
    }

    @Test
    void refusesAWriteThatWouldPassTheByteLimit() {
        StorageLimit limit = new StorageLimit(10, 100, 100);
        store.put(A, "a", "12345", limit);

        assertThatThrownBy(() -> store.put(A, "b", "12345", limit))
                .isInstanceOfSatisfying(LimitExceededException.class, e -> {
                    assertThat(e.rejection().limitType()).isEqualTo(LimitType.STORAGE_BYTES);
                    assertThat(e.rejection().limit()).isEqualTo(10);
                    assertThat(e.rejection().current()).isEqualTo(6);
                });
        assertThat(store.get(A, "b")).isEmpty();
    }

    @Test
    void refusesANewKeyOverTheObjectLimitButAllowsOverwrites() {
        StorageLimit limit = new StorageLimit(1_000, 2, 100);
        store.put(A, "a", "1", limit);
        store.put(A, "b", "1", limit);

        assertThatThrownBy(() -> store.put(A, "c", "1", limit))
                .isInstanceOfSatisfying(LimitExceededException.class,
                        e -> assertThat(e.rejection().limitType()).isEqualTo(LimitType.STORAGE_OBJECTS));
        store.put(A, "a", "2", limit);
        assertThat(store.get(A, "a")).contains("2");
    }

    @Test
    void limitsOfOneTenantIgnoreAnothersData() {
        StorageLimit small = new StorageLimit(10, 1, 10);
        store.put(B, "big", "0123456789".repeat(50), ROOMY);

        store.put(A, "a", "1", small);

        assertThat(store.usage(A).objects()).isEqualTo(1);
    }

    @Test
    void concurrentWritersNeverPassTheObjectLimit() throws Exception {
        StorageLimit limit = new StorageLimit(1 << 20, 10, 100);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                accepted.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < 5; i++) {
                        try {
                            store.put(A, "w" + id + "-" + i, "1", limit);
                            ok++;
                        } catch (LimitExceededException e) {
                            // expected once the limit is reached
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : accepted) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(10);
            assertThat(store.usage(A).objects()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deleteAllRemovesOnlyThatTenantsEntries() {
        store.put(A, "x", "1", ROOMY);
        store.put(A, "y", "1", ROOMY);
        store.put(B, "x", "1", ROOMY);

        assertThat(store.deleteAll(A)).isEqualTo(2);

        assertThat(store.usage(A)).isEqualTo(StorageUsage.EMPTY);
        assertThat(store.get(B, "x")).contains("1");
    }

    @Test
    void rejectsEmptyAndOverlongKeys() {
        assertThatThrownBy(() -> store.put(A, "", "1", ROOMY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(A, "k".repeat(513), "1", ROOMY)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
