package dev.tenantry.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tenantry.core.Platform;
import dev.tenantry.core.transfer.TransferReport;
import dev.tenantry.spi.TenantId;
import io.javalin.http.Context;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The admin's tenant export and import: one JSON document per tenant, verified by counts and checksums. */
final class TransferHandlers {
    private final Platform platform;
    private final Documents docs;

    TransferHandlers(Platform platform, Documents docs) {
        this.platform = platform;
        this.docs = docs;
    }

    Reply exportTenant(Context ctx, Caller caller) {
        TenantId id = Handlers.pathTenant(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            platform.exportTenant(id, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reply(200, "application/json", out.toString(StandardCharsets.UTF_8),
                Map.of("Content-Disposition", "attachment; filename=\"tenant-" + id.value() + ".json\""));
    }

    Reply importTenant(Context ctx, Caller caller) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiProblem.badField("body", "the body must be a tenant export document").toException();
        }
        TransferReport report;
        try {
            report = platform.importTenant(new ByteArrayInputStream(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode out = docs.object().put("tenant", report.tenant().value());
        ObjectNode sections = out.putObject("sections");
        report.sections().forEach((name, check) ->
                sections.putObject(name).put("count", check.count()).put("sha256", check.sha256()));
        return new Reply(201, "application/json", docs.write(out),
                Map.of("Location", "/v1/tenants/" + report.tenant().value()));
    }
}
