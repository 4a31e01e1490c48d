package dev.tenantry.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code platform} section: where embedded stores keep files, how many executions run at once, how long
 * shutdown waits for queued and running work, and how long a result waits for its usage to be recorded.
 *
 * @param dataDir the data folder ({@code data-dir}, env {@code TENANTRY_DATA_DIR}); created at start if missing
 * @param workers how many executions run at once ({@code workers}, env {@code TENANTRY_WORKERS}); 1 to 1024.
 *     The isolation provider receives it as its worker slots; the core runs as many workers as the sandbox
 *     reports in {@code parallelism()}
 * @param shutdownTimeout how long {@code close()} waits for queued and running executions before it cancels
 *     them ({@code shutdown-timeout})
 * @param meteringWait how long a finished execution's result waits for its usage to be durable before it is
 *     withheld as {@code metering_unavailable} ({@code metering-wait}); {@link #MIN_METERING_WAIT} to
 *     {@link #MAX_METERING_WAIT}. The wait gives up on the usage store's future, which tells a store that has
 *     not begun writing the event to drop it; a write already under way may still commit, so a withheld
 *     execution can still be billed. A longer wait makes that rarer and holds requests longer while the
 *     database stalls
 */
public record PlatformSettings(Path dataDir, int workers, Duration shutdownTimeout, Duration meteringWait) {
    /** The shortest {@code metering-wait}: a group commit alone may take a few milliseconds. */
    public static final Duration MIN_METERING_WAIT = Duration.ofMillis(100);
    /** The longest {@code metering-wait}: every request of a stalled database is held that long. */
    public static final Duration MAX_METERING_WAIT = Duration.ofMinutes(10);
    /** The default {@code metering-wait}. */
    public static final Duration DEFAULT_METERING_WAIT = Duration.ofSeconds(30);
    /** The defaults: {@code ./data}, 2 workers, 30 s to shut down, 30 s of metering wait. */
    public static final PlatformSettings DEFAULTS =
            new PlatformSettings(Path.of("data"), 2, Duration.ofSeconds(30), DEFAULT_METERING_WAIT);

    /** Validates the values. */
    public PlatformSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(meteringWait, "meteringWait");
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be 1 to 1024, was " + workers);
        }
        String problem = meteringWaitProblem(meteringWait);
        if (problem != null) {
            throw new IllegalArgumentException("metering-wait: " + problem + ", got " + meteringWait);
        }
    }

    /** {@return what is wrong with {@code wait} as a {@code metering-wait}, or null if nothing} */
    static String meteringWaitProblem(Duration wait) {
        return wait.compareTo(MIN_METERING_WAIT) < 0 || wait.compareTo(MAX_METERING_WAIT) > 0
                ? "expected " + MIN_METERING_WAIT.toMillis() + "ms to " + MAX_METERING_WAIT.toMinutes()
                        + "m (every finished execution may wait that long for its usage to be recorded)"
                : null;
    }

    /** The given values with the default {@code metering-wait}. */
    public PlatformSettings(Path dataDir, int workers, Duration shutdownTimeout) {
        this(dataDir, workers, shutdownTimeout, DEFAULT_METERING_WAIT);
    }
}
