package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.tenant.Tier;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Tour 1, basic tenant isolation: two tenants run scripts on the same platform and the same workers, and
 * neither sees the other's globals, key-value data or the host.
 */
public final class IsolationTour {
    private IsolationTour() {
    }

    /** Runs the tour, printing to {@code out}, with the platform's data under {@code dataDir}. */
    public static void run(PrintStream out, Path dataDir) {
        try (Platform platform = TourPlatform.start(dataDir, Map.of())) {
            TenantId acme = TenantId.of("acme");
            TenantId globex = TenantId.of("globex");
            platform.tenants().create(NewTenant.of("acme", "ACME Corporation", Tier.STARTER));
            platform.tenants().create(NewTenant.of("globex", "Globex", Tier.STARTER));
            out.println("Tour 1: tenant isolation. Two tenants, one platform, " + platform.workers() + " workers.");

            String write = """
                    (async () => {
                      globalThis.secret = 'acme-only';
                      await kv.put('greeting', 'hello from acme');
                      return 'acme wrote a global and the key greeting';
                    })()""";
            out.println("acme   writes:  " + TourPlatform.outcome(platform.execute(acme, ExecutionRequest.of(write))));

            String look = """
                    (async () => ({
                      secret: typeof secret,
                      greeting: (await kv.get('greeting')) ?? null,
                      java: typeof Java,
                      listed: await kv.list('')
                    }))()""";
            out.println("globex sees:    " + TourPlatform.outcome(platform.execute(globex, ExecutionRequest.of(look))));
            out.println("acme   sees:    " + TourPlatform.outcome(platform.execute(acme, ExecutionRequest.of(look))));
            out.println("Globals never outlive an execution (each runs in a fresh context); key-value data is the"
                    + " tenant's own; no tenant reaches the host.");
        }
    }

    /** @param args none */
    public static void main(String[] args) throws Exception {
        Tours.main(new String[] {"1"});
    }
}
