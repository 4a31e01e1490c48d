package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.ProviderContext;
import dev.tenantry.spi.isolation.IsolationProvider;
import dev.tenantry.spi.isolation.Sandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code graaljs} isolation provider. Configuration keys (see {@link GraalJsConfig}): {@code mode}
 * ({@code process}|{@code in-process}), {@code workers}, {@code worker-heap}, {@code max-executions-per-worker},
 * {@code jit} ({@code auto}|{@code on}|{@code off}), {@code jit-module-path}, {@code kill-grace},
 * {@code compiled-cache-size}, {@code dedicated-workers}, {@code quarantine-after-kills},
 * {@code quarantine-window}.
 *
 * <p>Stateless and thread-safe; each {@link #create} starts an independent sandbox that the caller closes.
 */
public final class GraalJsIsolationProvider implements IsolationProvider {
    private static final Logger LOG = LoggerFactory.getLogger(GraalJsIsolationProvider.class);

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public GraalJsIsolationProvider() {
    }

    @Override
    public String name() {
        return "graaljs";
    }

    @Override
    public String description() {
        return "GraalJS sandboxes in killable worker JVMs";
    }

    @Override
    public Sandbox create(ProviderContext context) {
        GraalJsConfig config = GraalJsConfig.bind(context);
        if (config.mode() == GraalJsConfig.Mode.IN_PROCESS) {
            LOG.info("graaljs sandbox in-process with {} slots: no process boundary, an uncancellable script keeps its thread",
                    config.workers());
            return new InProcessSandbox(config);
        }
        WorkerCommand command = WorkerCommand.build(config, context.config());
        LOG.info("graaljs sandbox with {} worker processes, heap {} MiB each, JIT {}", config.workers(),
                config.workerHeap() >> 20, command.jitEnabled() ? "on" : "off");
        return new ProcessSandbox(config, context, command);
    }
}
