package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionError;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.tenant.TenantLimits;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {
    private static WireFormat.Frame roundTrip(WireFormat.Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.sendTo(out);
        return WireFormat.read(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void taskSurvivesTheWireWithUnicodeCodeAndEveryLimit() throws IOException {
        GuestTask task = new GuestTask("exec-1", "tenant-a", "'héllo ✓ 𝄞' + args.x", Optional.of("{\"x\":1}"),
                new TenantLimits.ExecutionLimits(Duration.ofMillis(123), Duration.ofSeconds(4), 5L << 20, 678, 90,
                        1011, 1213), true);
        WireFormat.Frame f = roundTrip(WireFormat.task(task));
        assertThat(f.type()).isEqualTo(WireFormat.EXECUTE);
        assertThat(WireFormat.task(f.body())).isEqualTo(task);
    }

    @Test
    void taskWithoutArgumentsStaysWithoutArguments() throws IOException {
        GuestTask task = new GuestTask("e", "t", "1", Optional.empty(),
                new TenantLimits.ExecutionLimits(Duration.ofMillis(1), Duration.ofMillis(2), 1L << 20, 1, 16, 0, 16), false);
        assertThat(WireFormat.task(roundTrip(WireFormat.task(task)).body())).isEqualTo(task);
    }

    @Test
    void everyKindOfOutcomeSurvivesTheWire() throws IOException {
        ExecutionOutcome[] outcomes = {
            new ExecutionOutcome.Succeeded("{\"a\":\"ü\"}"),
            new ExecutionOutcome.Failed(new ExecutionError(ErrorType.SYNTAX_ERROR, "bad", OptionalInt.of(2), OptionalInt.of(7), "at x")),
            new ExecutionOutcome.Failed(ExecutionError.of(ErrorType.RUNTIME_ERROR, "no position")),
            new ExecutionOutcome.Cancelled(CancelReason.MEMORY, "memory limit", true),
        };
        for (ExecutionOutcome o : outcomes) {
            GuestResult r = new GuestResult(o, 1, 2, 3, 4, "log ✓\n", true);
            WireFormat.Frame f = roundTrip(WireFormat.result(r));
            assertThat(f.type()).isEqualTo(WireFormat.RESULT);
            assertThat(WireFormat.result(f.body())).isEqualTo(r);
        }
    }

    @Test
    void corruptFrameLengthIsRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataOutputStream(out).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> WireFormat.read(new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("bad frame length");
    }
}
