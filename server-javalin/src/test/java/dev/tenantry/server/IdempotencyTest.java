package dev.tenantry.server;

import dev.tenantry.spi.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyTest {
    private final Idempotency idempotency = new Idempotency(Clock.systemUTC(), Duration.ofHours(1), 100);
    private final Caller tenant = new Caller.Tenant(TenantId.of("acme"));

    @Test
    void concurrentRepeatsRunTheActionOnceAndAllGetItsAnswer() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                replies.add(pool.submit(() -> idempotency.apply(tenant, "k", "POST /x\n{}", () -> {
                    runs.incrementAndGet();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Reply.json(200, "{\"n\":" + runs.get() + "}");
                })));
            }
            release.countDown();
        }
        for (Future<Reply> r : replies) {
            assertThat(r.get().body()).isEqualTo("{\"n\":1}");
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void sameKeyWithAnotherRequestIs422() {
        idempotency.apply(tenant, "k", "POST /x\n{\"a\":1}", () -> Reply.json(200, "{}"));
        assertThatThrownBy(() -> idempotency.apply(tenant, "k", "POST /x\n{\"a\":2}", () -> Reply.json(200, "{}")))
                .isInstanceOfSatisfying(ApiProblem.Failure.class, f -> assertThat(f.problem().status()).isEqualTo(422));
    }

    @Test
    void keysOfDifferentCallersDoNotMeet() {
        Reply a = idempotency.apply(tenant, "k", "r", () -> Reply.json(200, "\"a\""));
        Reply b = idempotency.apply(new Caller.Tenant(TenantId.of("other")), "k", "r", () -> Reply.json(200, "\"b\""));
        assertThat(a.body()).isEqualTo("\"a\"");
        assertThat(b.body()).isEqualTo("\"b\"");
    }

    @Test
    void aServerFailureIsNotRememberedSoARepeatRunsAgain() {
        assertThatThrownBy(() -> idempotency.apply(tenant, "k", "r", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(idempotency.apply(tenant, "k", "r", () -> Reply.json(200, "ok")).body()).isEqualTo("ok");
    }
}
