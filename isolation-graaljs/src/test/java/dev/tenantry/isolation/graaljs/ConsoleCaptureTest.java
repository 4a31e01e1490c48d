package dev.tenantry.isolation.graaljs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleCaptureTest {

    @Test
    void keepsWholeLinesWithinTheLimit() {
        ConsoleCapture c = new ConsoleCapture();
        c.max = 100;
        c.append("one");
        c.append("two");
        assertThat(c.text()).isEqualTo("one\ntwo\n");
        assertThat(c.truncated).isFalse();
        assertThat(c.total).isEqualTo(8);
    }

    @Test
    void cutsMultiByteOutputOnACharacterBoundaryAndCountsEveryByte() {
        ConsoleCapture c = new ConsoleCapture();
        c.max = 7;
        c.append("ab€𝄞cd");
        byte[] kept = c.text().getBytes(StandardCharsets.UTF_8);
        // a, b (1 byte each) and the euro sign (3 bytes) fit in 7; the 4-byte clef does not
        assertThat(c.text()).isEqualTo("ab€");
        assertThat(kept.length).isLessThanOrEqualTo(7);
        assertThat(c.truncated).isTrue();
        assertThat(c.total).isEqualTo("ab€𝄞cd\n".getBytes(StandardCharsets.UTF_8).length);
        c.append("more");
        assertThat(c.text()).isEqualTo("ab€");
        assertThat(c.total).isEqualTo("ab€𝄞cd\nmore\n".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void utf8LengthMatchesTheJdkEncoder() {
        String s = "aß€𝄞\u0000\uD800x";
        assertThat(GuestRuntime.utf8Length("aß€𝄞x")).isEqualTo("aß€𝄞x".getBytes(StandardCharsets.UTF_8).length);
        // a lone surrogate is encoded by the JDK as one replacement byte '?'; the limit counts it as 3, never fewer
        assertThat(GuestRuntime.utf8Length(s)).isGreaterThanOrEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
}
