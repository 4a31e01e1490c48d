package dev.tenantry.spi.quota;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Where quota counters live (daily and monthly windows), so that they survive a restart and can be shared
 * by several nodes when a deployment moves them to a database.
 *
 * <p>Thread-safe; {@link #tryIncrement} is atomic across all the counters it names, also against other
 * nodes sharing the store. No method returns null.
 */
public interface QuotaStateStore extends AutoCloseable {

    /**
     * Adds {@code delta} to every counter if none would pass its limit; otherwise changes nothing and reports
     * the first counter (in the order given) that would. Counters that do not exist start at 0.
     *
     * @param counters the counters and their limits; not empty
     * @param delta how much to add; at least 1
     * @return applied with the new values, or exceeded with the counter that refused
     */
    CounterUpdate tryIncrement(List<CounterLimit> counters, long delta);

    /**
     * Subtracts {@code delta} from each counter (a refund), never below 0.
     *
     * @param counters the counters
     * @param delta how much to subtract; at least 1
     */
    void decrement(Collection<CounterKey> counters, long delta);

    /** {@return the counter's value, 0 if it does not exist} */
    long get(CounterKey counter);

    /**
     * Removes counters whose window started before {@code cutoff}.
     *
     * @return how many were removed
     */
    long purgeBefore(Instant cutoff);

    /** Releases what the store holds. Idempotent. */
    @Override
    void close();
}
