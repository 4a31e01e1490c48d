package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionResult;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the tours start a platform: the standard configuration, read the way a deployment reads it (here from
 * {@code TENANTRY_...} settings rather than a file), with its data under a folder of the tour's own. Workers
 * warm up briefly, since a tour runs a handful of scripts rather than a day of traffic.
 */
final class TourPlatform {
    private TourPlatform() {
    }

    /**
     * Starts a platform.
     *
     * @param dataDir where the platform keeps its data
     * @param settings more {@code TENANTRY_...} settings, which win over the tour's defaults
     * @return the running platform; the caller closes it
     */
    static Platform start(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("TENANTRY_DATA_DIR", dataDir.toString());
        env.put("TENANTRY_WORKERS", "2");
        env.put("TENANTRY_ISOLATION_WARM_UP_EXECUTIONS", "20");
        // scheduler-fair ships three schedulers, so one must be named
        env.put("TENANTRY_SCHEDULER_PROVIDER", "fair");
        env.put("TENANTRY_BILLING_PROVIDER", "rules");
        env.putAll(settings);
        TenantryConfig config = TenantryConfig.load(Optional.empty(), env);
        return Tenantry.builder().config(config).clock(Clock.systemUTC()).build();
    }

    /** {@return how an execution ended, in one line: its JSON result, its error, or why it was cancelled} */
    static String outcome(ExecutionResult r) {
        return switch (r.outcome()) {
            case ExecutionOutcome.Succeeded s -> s.resultJson();
            case ExecutionOutcome.Failed f -> "failed (" + f.error().type().wireName() + "): " + f.error().message();
            case ExecutionOutcome.Cancelled c -> "cancelled (" + c.reason().wireName() + ")";
        };
    }

    /** {@return the tenant id of {@code value}} */
    static TenantId id(String value) {
        return TenantId.of(value);
    }
}
