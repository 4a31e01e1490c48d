package dev.tenantry.metering.jdbc;

import java.time.Instant;

/** Instants as the schema stores them: nanoseconds since the epoch, which is exact until 2262. */
final class Nanos {
    private Nanos() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
