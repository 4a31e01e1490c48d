package dev.tenantry.examples;

import dev.tenantry.core.Platform;
import dev.tenantry.core.Tenantry;
import dev.tenantry.core.config.TenantryConfig;
import dev.tenantry.core.tenants.NewTenant;
import dev.tenantry.spi.ConfigurationException;
import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.billing.Invoice;
import dev.tenantry.spi.billing.LineItem;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.tenant.Tier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two example plugins, found on the module path, selected by name in a configuration file through the core. */
class PluginSelectionTest {
    @BeforeEach
    void needsTheSandbox() {
        IsolationAvailable.require(getClass());
    }

    @TempDir
    Path dir;

    private Platform platform(String yaml) throws IOException {
        Path file = dir.resolve("tenantry.yaml");
        Files.writeString(file, yaml);
        TenantryConfig config = TenantryConfig.load(Optional.of(file), Map.of("TENANTRY_DATA_DIR", dir.toString(),
                "TENANTRY_ISOLATION_WARM_UP_EXECUTIONS", "5"));
        return Tenantry.builder().config(config).clock(Clock.systemUTC()).build();
    }

    @Test
    void theStrictPrioritySchedulerIsSelectedByNameAndRunsTheWork() throws IOException {
        try (Platform platform = platform("""
                scheduler:
                  provider: strict-priority
                  promote-after: 1s
                """)) {
            assertThat(platform.providers().get("scheduler")).contains("strict-priority");
            platform.tenants().create(NewTenant.of("acme", "ACME", Tier.STARTER));

            assertThat(TourPlatform.outcome(platform.execute(TenantId.of("acme"), ExecutionRequest.of("6 * 7"))))
                    .isEqualTo("42");
        }
    }

    @Test
    void aBadKeyOfTheSelectedSchedulerStopsTheStartWithItsPath() {
        assertThatThrownBy(() -> platform("""
                scheduler:
                  provider: strict-priority
                  promote-aftr: 1s
                """).close())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheduler.promote-aftr");
    }

    @Test
    void theVolumeDiscountRuleDiscountsOnlyItsCustomersInvoiceThroughTheCore() throws IOException {
        try (Platform platform = platform("""
                scheduler:
                  provider: fair
                billing:
                  provider: rules
                  rules:
                    - name: volume-discount
                      tenant: acme
                      min-executions: 2
                      percent: 50
                """)) {
            assertThat(platform.providers()).containsKey("billing rule volume-discount");
            for (String id : new String[] {"acme", "globex"}) {
                platform.tenants().create(NewTenant.of(id, id, Tier.PROFESSIONAL));
                for (int i = 0; i < 2; i++) {
                    platform.execute(TenantId.of(id), ExecutionRequest.of("1 + 1"));
                }
            }
            YearMonth month = YearMonth.from(Instant.now().atZone(ZoneOffset.UTC));

            Invoice acme = platform.invoice(TenantId.of("acme"), month);
            Invoice globex = platform.invoice(TenantId.of("globex"), month);

            assertThat(acme.lines()).extracting(LineItem::code).contains("volume_discount");
            assertThat(globex.lines()).extracting(LineItem::code).doesNotContain("volume_discount");
            LineItem discount = acme.lines().stream().filter(l -> l.code().equals("volume_discount")).findFirst()
                    .orElseThrow();
            assertThat(discount.amount().isNegative()).isTrue();
        }
    }
}
