package dev.tenantry.isolation.graaljs;

/**
 * The host side of the guest's {@code kv} API, as the guest runtime sees it: in-process a {@link HostBridge},
 * in a worker a round trip to the supervisor, which holds the bridge.
 *
 * <p>Replies are strings so nothing but text crosses into the guest: {@code "o"} followed by a JSON text
 * (or nothing for {@code undefined}) for success, {@code "e"} followed by {@code errorName:message} for a
 * failure the guest sees as a rejected Promise. Implementations never throw.
 */
@FunctionalInterface
interface GuestHost {
    /**
     * Performs one {@code kv} call.
     *
     * @param op {@code get}, {@code put}, {@code delete} or {@code list}
     * @param key the key or prefix
     * @param value the JSON value for {@code put}, the limit for {@code list}, otherwise empty
     * @return the encoded reply
     */
    String call(String op, String key, String value);
}
