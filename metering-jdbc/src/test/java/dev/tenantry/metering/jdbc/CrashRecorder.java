package dev.tenantry.metering.jdbc;

import dev.tenantry.spi.PluginConfig;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.metering.UsageEvent;
import dev.tenantry.testkit.TestingProviderContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child process of {@link CrashTest}: producers record executions as the pipeline does and, only after
 * the usage store acknowledged one, append its id to a file, until the process is killed.
 *
 * <p>Arguments: the data folder, the file of acknowledged ids, and optionally a JDBC URL.
 */
public final class CrashRecorder {
    static final TenantId TENANT = TenantId.of("crash-tenant");
    static final int PRODUCERS = 8;

    private CrashRecorder() {
    }

    /** {@return the event this process records for execution {@code id}} */
    static UsageEvent event(String id, Instant at) {
        return UsageEvent.execution(id, TENANT, at, "execute", "succeeded",
                new ExecutionUsage(1_000_000, 2_000_000, 64, 0, 0, new BigDecimal("0.128")));
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path acks = Path.of(args[1]);
        Map<String, String> config = new HashMap<>();
        if (args.length > 2) {
            config.put("url", args[2]);
        }
        TestingProviderContext context = TestingProviderContext.of(PluginConfig.of("database", config), data);
        JdbcUsageStore store = (JdbcUsageStore) new JdbcMeteringProvider().create(context);
        try (BufferedWriter out = Files.newBufferedWriter(acks, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            Thread[] producers = new Thread[PRODUCERS];
            for (int p = 0; p < PRODUCERS; p++) {
                producers[p] = Thread.ofPlatform().start(() -> {
                    while (true) {
                        String id = ExecutionId.random().value();
                        UsageEvent e = event(id, context.clock().instant());
                        try {
                            store.record(e).get(30, TimeUnit.SECONDS);
                            synchronized (out) {
                                out.write(id);
                                out.write('\n');
                                out.flush();
                            }
                        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                                 | java.util.concurrent.TimeoutException ex) {
                            ex.printStackTrace();
                            return;
                        } catch (InterruptedException ex) {
                            return;
                        }
                    }
                });
            }
            for (Thread t : producers) {
                t.join();
            }
        }
    }
}
