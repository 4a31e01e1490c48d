package dev.tenantry.testkit.isolation;

import dev.tenantry.spi.TenantId;
import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionError;
import dev.tenantry.spi.execution.ExecutionId;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.execution.ExecutionRequest;
import dev.tenantry.spi.execution.ExecutionUsage;
import dev.tenantry.spi.isolation.Sandbox;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.isolation.SandboxTask;
import dev.tenantry.spi.tenant.TenantConfig;
import dev.tenantry.spi.tenant.TenantLimits;
import dev.tenantry.testkit.SampleTenants;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every sandbox must do: run a script to its JSON result, type its errors, cancel it at each limit with
 * the right reason, keep nothing from one execution for the next, and bind the host API to one tenant.
 * Extend it and return the sandbox under test from {@link #sandbox()}; the sandbox may be shared by all tests
 * of the class (it is never closed here) and must have a parallelism of at least 1.
 */
public abstract class SandboxContract {
    /** The limits the contract runs with: short enough to keep the suite fast. */
    protected static final TenantLimits.ExecutionLimits LIMITS = new TenantLimits.ExecutionLimits(
            Duration.ofMillis(300), Duration.ofSeconds(20), 32L << 20, 50_000_000, 500, 1024, 64 * 1024);

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private final InMemoryTenantData data = new InMemoryTenantData(1024);

    /** {@return the sandbox under test} */
    protected abstract Sandbox sandbox();

    /** {@return a tenant with the given id and settings} */
    protected static TenantConfig tenant(String id, Map<String, String> settings) {
        return SampleTenants.tenant(id, EPOCH).withSettings(settings, EPOCH);
    }

    /** Runs {@code code} for tenant {@code id} under {@link #LIMITS}. */
    protected SandboxResult run(String id, String code) {
        return run(tenant(id, Map.of()), ExecutionRequest.of(code), l -> l);
    }

    /** Runs a request for a tenant under {@link #LIMITS} changed by {@code limits}. */
    protected SandboxResult run(TenantConfig tenant, ExecutionRequest request,
                                UnaryOperator<TenantLimits.ExecutionLimits> limits) {
        return sandbox().run(new SandboxTask(ExecutionId.random(), tenant, request, limits.apply(LIMITS),
                data.hostFor(tenant.id())));
    }

    /** {@return the result JSON, failing the test if the execution did not succeed} */
    protected static String json(SandboxResult r) {
        assertThat(r.outcome()).as("outcome").isInstanceOf(ExecutionOutcome.Succeeded.class);
        return ((ExecutionOutcome.Succeeded) r.outcome()).resultJson();
    }

    /** {@return the error, failing the test unless the execution failed with {@code type}} */
    protected static ExecutionError failed(SandboxResult r, ErrorType type) {
        assertThat(r.outcome()).as("outcome").isInstanceOf(ExecutionOutcome.Failed.class);
        ExecutionError e = ((ExecutionOutcome.Failed) r.outcome()).error();
        assertThat(e.type()).as("error type of %s", e).isEqualTo(type);
        return e;
    }

    /** {@return the cancellation, failing the test unless the execution was cancelled for {@code reason}} */
    protected static ExecutionOutcome.Cancelled cancelled(SandboxResult r, CancelReason reason) {
        assertThat(r.outcome()).as("outcome").isInstanceOf(ExecutionOutcome.Cancelled.class);
        ExecutionOutcome.Cancelled c = (ExecutionOutcome.Cancelled) r.outcome();
        assertThat(c.reason()).as("cancel reason of %s", c).isEqualTo(reason);
        return c;
    }

    private static TenantLimits.ExecutionLimits with(TenantLimits.ExecutionLimits l, Duration cpu, Duration wall,
                                                     long memory, long statements, int stack, long console, long result) {
        return new TenantLimits.ExecutionLimits(cpu, wall, memory, statements, stack, console, result);
    }

    @Test
    public void trivialScriptSucceedsWithItsCompletionValueAsJson() {
        assertThat(json(run("t1", "1 + 1"))).isEqualTo("2");
    }

    @Test
    public void objectResultIsSerializedAsJson() {
        assertThat(json(run("t1", "({a: [1, 'x'], b: null, c: {d: true}})")))
                .isEqualTo("{\"a\":[1,\"x\"],\"b\":null,\"c\":{\"d\":true}}");
    }

    @Test
    public void undefinedCompletionValueIsJsonNull() {
        assertThat(json(run("t1", "let x = 1;"))).isEqualTo("null");
    }

    @Test
    public void resolutionOfAReturnedPromiseIsTheResult() {
        assertThat(json(run("t1", "(async () => { const a = await Promise.resolve(40); return a + 2 })()"))).isEqualTo("42");
    }

    @Test
    public void argumentsAreBoundAsArgs() {
        SandboxResult r = run(tenant("t1", Map.of()), ExecutionRequest.of("args.n * 2 + args.s.length").withArguments("{\"n\":3,\"s\":\"ab\"}"),
                l -> l);
        assertThat(json(r)).isEqualTo("8");
    }

    @Test
    public void argumentsThatAreNotJsonFailAsInvalidArguments() {
        SandboxResult r = run(tenant("t1", Map.of()), ExecutionRequest.of("args").withArguments("{nope"), l -> l);
        failed(r, ErrorType.INVALID_ARGUMENTS);
    }

    @Test
    public void syntaxErrorFailsTypedWithLineAndColumn() {
        ExecutionError e = failed(run("t1", "let ok = 1;\nlet x = ;"), ErrorType.SYNTAX_ERROR);
        assertThat(e.line()).hasValue(2);
        assertThat(e.column()).isPresent();
    }

    @Test
    public void runtimeErrorFailsTypedWithMessagePositionAndGuestOnlyStack() {
        ExecutionError e = failed(run("t1", "function boom() {\n  throw new TypeError('it broke');\n}\nboom();"),
                ErrorType.RUNTIME_ERROR);
        assertThat(e.message()).contains("TypeError").contains("it broke");
        assertThat(e.line()).hasValue(2);
        assertThat(e.guestStack()).contains("boom").doesNotContain("java.", "dev.tenantry", "org.graalvm", "com.oracle");
    }

    @Test
    public void rejectedPromiseFailsAsRuntimeError() {
        ExecutionError e = failed(run("t1", "Promise.reject(new RangeError('nope'))"), ErrorType.RUNTIME_ERROR);
        assertThat(e.message()).contains("RangeError").contains("nope");
    }

    @Test
    public void functionResultIsNotSerializable() {
        failed(run("t1", "(() => 1)"), ErrorType.RESULT_NOT_SERIALIZABLE);
    }

    @Test
    public void cyclicResultIsNotSerializable() {
        failed(run("t1", "const a = {}; a.self = a; a"), ErrorType.RESULT_NOT_SERIALIZABLE);
    }

    @Test
    public void endlessLoopIsCancelledForCpuTimeWithinTwiceTheLimit() {
        SandboxResult r = run("t1", "while (true) {}");
        cancelled(r, CancelReason.CPU_TIME);
        long bound = Math.max(2 * LIMITS.cpuTime().toNanos(), LIMITS.cpuTime().toNanos() + 50_000_000);
        assertThat(r.usage().cpuNanos()).isBetween(LIMITS.cpuTime().toNanos(), bound);
    }

    @Test
    public void neverSettlingPromiseIsCancelledForWallTime() {
        cancelled(run("t1", "new Promise(() => {})"), CancelReason.WALL_TIME);
    }

    @Test
    public void allocationOverTheBudgetIsCancelledForMemory() {
        SandboxResult r = run(tenant("t1", Map.of()),
                ExecutionRequest.of("const keep = []; while (true) { keep.push(new Array(100000).fill(7)); }"),
                l -> with(l, Duration.ofSeconds(5), Duration.ofSeconds(10), 8L << 20, l.maxStatements(),
                        l.maxStackDepth(), l.maxConsoleBytes(), l.maxResultBytes()));
        cancelled(r, CancelReason.MEMORY);
    }

    @Test
    public void statementsOverTheLimitAreCancelled() {
        SandboxResult r = run(tenant("t1", Map.of()), ExecutionRequest.of("let i = 0; for (;;) { i++; }"),
                l -> with(l, l.cpuTime(), l.wallTime(), l.memoryBytes(), 1_000, l.maxStackDepth(),
                        l.maxConsoleBytes(), l.maxResultBytes()));
        cancelled(r, CancelReason.STATEMENTS);
    }

    @Test
    public void unboundedRecursionIsCancelledForStackDepth() {
        cancelled(run("t1", "function f(n) { return f(n + 1) + 1; } f(0)"), CancelReason.STACK_DEPTH);
    }

    @Test
    public void recursionWithinTheStackDepthLimitSucceeds() {
        assertThat(json(run("t1", "function f(n) { return n === 0 ? 0 : f(n - 1) + 1; } f(" + LIMITS.maxStackDepth() + ")")))
                .isEqualTo(Integer.toString(LIMITS.maxStackDepth()));
    }

    @Test
    public void consoleOutputIsCapturedAndCutAtTheLimitWithAllBytesCounted() {
        SandboxResult r = run("t1", "console.log('hello', {a: 1}); console.log('x'.repeat(2000)); 0");
        assertThat(r.console()).startsWith("hello {\"a\":1}\nxxx");
        assertThat(r.console().length()).isEqualTo((int) LIMITS.maxConsoleBytes());
        assertThat(r.consoleTruncated()).isTrue();
        assertThat(r.usage().outputBytes()).isEqualTo("hello {\"a\":1}\n".length() + 2001);
    }

    @Test
    public void resultLargerThanTheLimitIsCancelled() {
        cancelled(run("t1", "'x'.repeat(" + (LIMITS.maxResultBytes() + 1) + ")"), CancelReason.RESULT_SIZE);
    }

    @Test
    public void globalsAndPrototypesWrittenByOneExecutionAreNotSeenByTheNext() {
        json(run("t1", "globalThis.leak = 1; Object.prototype.polluted = 2; Array.prototype.push = null; 0"));
        String probe = "[typeof leak, typeof ({}).polluted, typeof [].push]";
        assertThat(json(run("t1", probe))).isEqualTo("[\"undefined\",\"undefined\",\"function\"]");
        assertThat(json(run("t2", probe))).isEqualTo("[\"undefined\",\"undefined\",\"function\"]");
    }

    @Test
    public void kvRoundTripsJsonAndCountsEveryCallAsAnApiCall() {
        SandboxResult r = run("kv-a", "(async () => { await kv.put('k', {n: 1}); const v = await kv.get('k');"
                + " const l = await kv.list('k'); const d = await kv.delete('k'); return [v, l, d, await kv.get('k')] })()");
        assertThat(json(r)).isEqualTo("[{\"n\":1},[{\"key\":\"k\",\"value\":{\"n\":1}}],true,null]");
        assertThat(r.usage().apiCalls()).isEqualTo(5);
    }

    @Test
    public void kvKeysOfOneTenantAreUnreachableFromAnotherWhateverTheKey() {
        json(run("kv-owner", "kv.put('secret', 'mine')"));
        String probe = "(async () => [await kv.get('secret'), await kv.list(''), await kv.get('../kv-owner/secret'),"
                + " await kv.get('kv-owner:secret'), await kv.get('kv-owner/secret')])()";
        assertThat(json(run("kv-thief", probe))).isEqualTo("[null,[],null,null,null]");
    }

    @Test
    public void storageLimitRejectsTheWriteWithoutHostDetails() {
        SandboxResult r = run("kv-big", "kv.put('big', 'x'.repeat(5000)).then(() => 'stored', e => String(e) + ' ' + e.stack)");
        assertThat(json(r)).doesNotContain(InMemoryTenantData.HOST_SECRET).doesNotContain("stored");
    }

    @Test
    public void hostGlobalsAreAbsent() {
        assertThat(json(run("t1", "[typeof Java, typeof Packages, typeof Polyglot, typeof load, typeof print, typeof Graal]")))
                .isEqualTo("[\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\"]");
    }

    @Test
    public void evalAndFunctionAreRefusedUnlessTheTenantAllowsThem() {
        String code = "const r = []; try { r.push(eval('1 + 1')) } catch (e) { r.push('refused') }"
                + " try { r.push(Function('return 3')()) } catch (e) { r.push('refused') } r";
        assertThat(json(run("t1", code))).isEqualTo("[\"refused\",\"refused\"]");
        SandboxResult allowed = run(tenant("t-eval", Map.of(TenantConfig.ALLOW_EVAL, "true")), ExecutionRequest.of(code), l -> l);
        assertThat(json(allowed)).isEqualTo("[2,3]");
    }

    @Test
    public void usageIsReportedWithMemoryMbSecondsFromTheLimitAndWallTime() {
        SandboxResult r = run("t1", "let s = 0; for (let i = 0; i < 10000; i++) { s += i } s");
        ExecutionUsage u = r.usage();
        assertThat(json(r)).isEqualTo("49995000");
        assertThat(u.cpuNanos()).isPositive();
        assertThat(u.wallNanos()).isPositive();
        assertThat(u.allocatedBytes()).isPositive();
        assertThat(u.memoryMbSeconds()).isEqualTo(ExecutionUsage.memoryMbSeconds(LIMITS.memoryBytes(), u.wallNanos()));
    }

    @Test
    public void anotherTenantIsServedAfterACancelledExecution() {
        cancelled(run("t-bad", "while (true) {}"), CancelReason.CPU_TIME);
        assertThat(json(run("t-good", "'still here'"))).isEqualTo("\"still here\"");
    }

    @Test
    public void parallelismIsAtLeastOne() {
        assertThat(sandbox().parallelism()).isPositive();
    }

    /** {@return a copy of {@code settings} with one more entry} */
    protected static Map<String, String> plus(Map<String, String> settings, String key, String value) {
        Map<String, String> m = new HashMap<>(settings);
        m.put(key, value);
        return m;
    }

    /** {@return the tenant id {@code value}} */
    protected static TenantId id(String value) {
        return TenantId.of(value);
    }
}
