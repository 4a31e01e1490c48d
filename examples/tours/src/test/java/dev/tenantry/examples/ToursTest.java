package dev.tenantry.examples;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each tour runs on a real platform (GraalJS workers, the fair scheduler, the rules billing) and prints what it shows. */
class ToursTest {
    @BeforeEach
    void needsTheSandbox() {
        IsolationAvailable.require(getClass());
    }

    @TempDir
    Path dataDir;

    private String run(BiConsumer<PrintStream, Path> tour) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            tour.accept(out, dataDir);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tourOneShowsThatATenantSeesNeitherTheOthersGlobalsNorItsDataNorTheHost() {
        String out = run(IsolationTour::run);

        assertThat(out).contains("acme   writes:  \"acme wrote a global and the key greeting\"");
        assertThat(line(out, "globex sees:")).contains("\"secret\":\"undefined\"").contains("\"greeting\":null")
                .contains("\"java\":\"undefined\"");
        assertThat(line(out, "acme   sees:")).contains("\"secret\":\"undefined\"")
                .contains("\"greeting\":\"hello from acme\"");
    }

    @Test
    void tourTwoShowsARateRejectionWithRetryAfterAndACpuTimeCancellation() {
        String out = run(QuotaTour::run);

        assertThat(out).containsPattern("small  #1: ran, result 7");
        assertThat(out).containsPattern("rejected \\(rate_limit\\), limit \\d+, retry after \\d+ ms");
        Matcher rate = Pattern.compile("rate: (\\d+) admitted, (\\d+) rejected").matcher(out);
        assertThat(rate.find()).as(out).isTrue();
        assertThat(Integer.parseInt(rate.group(2))).isPositive();
        assertThat(out).contains("small  spins forever: cancelled (cpu_time)");
        assertThat(out).contains("other  meanwhile: \"other is unaffected\"");
    }

    @Test
    void tourThreeShowsTheLightTenantsWaitingLessThanTheFlood() {
        String out = run(FairSchedulingTour::run);

        assertThat(out).contains("fair");
        for (String tenant : List.of("flood", "light-1", "light-2", "light-3")) {
            assertThat(out).containsPattern(tenant + " +\\d+ +\\d+ ms +\\d+ ms");
        }
        assertThat(line(out, "flood ")).contains(" " + FairSchedulingTour.FLOOD + " ");
        Matcher waits = Pattern.compile("longest wait of a light tenant: (\\d+) ms; of the flood: (\\d+) ms").matcher(out);
        assertThat(waits.find()).as(out).isTrue();
        // an ordering, not a timing: under fifo the light tenants would wait behind the whole flood
        assertThat(Long.parseLong(waits.group(1))).isLessThan(Long.parseLong(waits.group(2)));
    }

    @Test
    void tourFourPrintsTheMeteredUsageAndAnInvoiceThatAddsUp() {
        String out = run(BillingTour::run);

        assertThat(out).contains("usage today: " + BillingTour.EXECUTIONS + " executions");
        assertThat(out).containsPattern(BillingTour.EXECUTIONS + " executions, \\d+ ms CPU, \\d+ ms wall, [0-9.]+ MB-s, "
                + BillingTour.EXECUTIONS + " API calls");
        assertThat(out).contains("invoice of acme for").contains("base_fee").containsPattern("total \\d+\\.\\d\\d USD");
    }

    @Test
    void tourFiveRunsTheWholePlatformInOneProgram() {
        String out = run(EmbeddedPlatformTour::run);

        assertThat(out).contains("isolation: ").contains("scheduler: ").contains("billing: ");
        assertThat(out).containsPattern("authenticates as shop");
        assertThat(out).contains("shop computes an order total: 40");
        assertThat(out).contains("[\"post 1\", \"post 2\", \"post 3\", \"post 4\", \"post 5\"]");
        assertThat(out).contains("blog runs a broken script: failed (");
        assertThat(out).contains("blog, disabled, is refused: tenant_disabled");
        assertThat(out).containsPattern("shop's bill so far this month: \\d+\\.\\d\\d USD, forecast \\d+\\.\\d\\d USD");
        assertThat(out).containsPattern("\\d+ events: \\[.*tenant_created shop");
        assertThat(out).contains("platform closed");
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new AssertionError("no line starting with \"" + prefix + "\" in:\n" + out));
    }
}
