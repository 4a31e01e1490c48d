package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.isolation.HostApi;
import dev.tenantry.spi.quota.LimitExceededException;
import dev.tenantry.spi.quota.LimitRejection;
import dev.tenantry.spi.tenant.KvEntry;

import java.util.List;
import java.util.Optional;

/**
 * Serves one execution's {@code kv} calls from the {@link HostApi} the platform bound to its tenant, counting
 * each call. Host exception messages never pass: each failure becomes a fixed, guest-safe message, because a
 * host message may name files, tables or other tenants.
 */
final class HostBridge implements GuestHost {
    /** The most entries one {@code kv.list} returns, whatever the guest asks for. */
    static final int MAX_LIST = 1_000;

    /** What a call gets once its execution has ended. */
    static final String ENDED = "eStorageUnavailableError:kv is not available: this execution has ended";

    private final HostApi api;
    private long calls;
    private boolean ended;

    HostBridge(HostApi api) {
        this.api = api;
    }

    /** {@return the calls served so far} */
    synchronized long calls() {
        return calls;
    }

    /**
     * Serves no call from now on and {@return the calls served}, each of which is metered with the execution.
     * A guest thread that outlives its execution (in-process, a script that ignored its cancellation) could
     * otherwise go on reading and writing the tenant's data unmetered.
     */
    synchronized long end() {
        ended = true;
        return calls;
    }

    /** Counts a call before it is served, unless the execution ended: no call runs uncounted. */
    private synchronized boolean admit() {
        if (ended) {
            return false;
        }
        calls++;
        return true;
    }

    @Override
    public String call(String op, String key, String value) {
        if (!admit()) {
            return ENDED;
        }
        try {
            return switch (op) {
                case "get" -> {
                    Optional<String> v = api.kvGet(key);
                    yield v.map(s -> "o" + s).orElse("o");
                }
                case "put" -> {
                    api.kvPut(key, value);
                    yield "o";
                }
                case "delete" -> "o" + api.kvDelete(key);
                case "list" -> "o" + listJson(api.kvList(key, parseLimit(value)));
                default -> "eTypeError:unknown kv operation";
            };
        } catch (LimitExceededException e) {
            LimitRejection r = e.rejection();
            return "eStorageLimitError:storage limit " + r.limitType().name().toLowerCase(java.util.Locale.ROOT)
                    + " reached (limit " + r.limit() + ", current " + r.current() + ")";
        } catch (IllegalArgumentException e) {
            return "eTypeError:kv key or value rejected by the platform (empty, too long or not JSON)";
        } catch (UnsupportedOperationException e) {
            return "eStorageUnavailableError:kv is not available to this execution";
        } catch (RuntimeException e) {
            return "eStorageUnavailableError:kv storage is unavailable";
        }
    }

    private static int parseLimit(String value) {
        try {
            double d = Double.parseDouble(value);
            if (!(d >= 1)) {
                return 1;
            }
            return (int) Math.min(d, MAX_LIST);
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static String listJson(List<KvEntry> entries) {
        StringBuilder sb = new StringBuilder("[");
        for (KvEntry e : entries) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append("{\"key\":");
            Json.quote(e.key(), sb);
            sb.append(",\"value\":").append(e.value()).append('}');
        }
        return sb.append(']').toString();
    }
}
