package dev.tenantry.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code platform} section: where embedded stores keep files, how many executions run at once, and how
 * long shutdown waits for queued and running work.
 *
 * @param dataDir the data folder ({@code data-dir}, env {@code TENANTRY_DATA_DIR}); created at start if missing
 * @param workers how many executions run at once ({@code workers}, env {@code TENANTRY_WORKERS}); 1 to 1024.
 *     The isolation provider receives it as its worker slots; the core runs as many workers as the sandbox
 *     reports in {@code parallelism()}
 * @param shutdownTimeout how long {@code close()} waits for queued and running executions before it cancels
 *     them ({@code shutdown-timeout})
 */
public record PlatformSettings(Path dataDir, int workers, Duration shutdownTimeout) {
    /** The defaults: {@code ./data}, 2 workers, 30 s. */
    public static final PlatformSettings DEFAULTS = new PlatformSettings(Path.of("data"), 2, Duration.ofSeconds(30));

    /** Validates the values. */
    public PlatformSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be 1 to 1024, was " + workers);
        }
    }
}
