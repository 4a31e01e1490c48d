package dev.tenantry.isolation.graaljs;

import dev.tenantry.spi.execution.CancelReason;
import dev.tenantry.spi.execution.ErrorType;
import dev.tenantry.spi.execution.ExecutionOutcome;
import dev.tenantry.spi.isolation.SandboxResult;
import dev.tenantry.spi.tenant.TenantLimits;
import org.junit.jupiter.params.provider.Arguments;

import java.time.Duration;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile scripts and the exact outcome each must have, grouped by what they attack. Shared by the process
 * and in-process suites; the script no JVM can stop lives in the process suite only.
 */
final class HostileScripts {
    private HostileScripts() {
    }

    /** What one hostile script must end with. */
    sealed interface Expect {
        void check(SandboxResult r);
    }

    record Succeeds(String json) implements Expect {
        @Override
        public void check(SandboxResult r) {
            assertThat(r.outcome()).isEqualTo(new ExecutionOutcome.Succeeded(json));
        }
    }

    record Fails(ErrorType type, String messagePart) implements Expect {
        @Override
        public void check(SandboxResult r) {
            assertThat(r.outcome()).isInstanceOf(ExecutionOutcome.Failed.class);
            ExecutionOutcome.Failed f = (ExecutionOutcome.Failed) r.outcome();
            assertThat(f.error().type()).as("%s", f).isEqualTo(type);
            assertThat(f.error().message()).contains(messagePart);
            assertThat(f.error().message() + f.error().guestStack())
                    .doesNotContain("java.", "org.graalvm", "com.oracle", "dev.tenantry");
        }
    }

    record Cancelled(CancelReason reason) implements Expect {
        @Override
        public void check(SandboxResult r) {
            assertThat(r.outcome()).isInstanceOf(ExecutionOutcome.Cancelled.class);
            assertThat(((ExecutionOutcome.Cancelled) r.outcome()).reason()).as("%s", r.outcome()).isEqualTo(reason);
        }
    }

    /** Every case's limits unless it says otherwise: 300 ms CPU, 20 s wall (generous: the machine may be busy), 24 MiB allocation. */
    static final TenantLimits.ExecutionLimits LIMITS = new TenantLimits.ExecutionLimits(Duration.ofMillis(300),
            Duration.ofSeconds(20), 24L << 20, 100_000_000, 400, 4096, 64 * 1024);
    /**
     * For CPU attacks: allocation and statement budgets they cannot reach first, so the outcome does not race
     * (compiled, an empty loop runs 100,000,000 statements in under the 300 ms of CPU).
     */
    private static final TenantLimits.ExecutionLimits CPU_BOUND = new TenantLimits.ExecutionLimits(LIMITS.cpuTime(),
            LIMITS.wallTime(), 4L << 30, Long.MAX_VALUE, LIMITS.maxStackDepth(), LIMITS.maxConsoleBytes(),
            LIMITS.maxResultBytes());
    /** For memory attacks: a CPU budget they cannot reach first. */
    private static final TenantLimits.ExecutionLimits MEMORY_BOUND = new TenantLimits.ExecutionLimits(Duration.ofSeconds(20),
            Duration.ofSeconds(30), LIMITS.memoryBytes(), LIMITS.maxStatements(), LIMITS.maxStackDepth(),
            LIMITS.maxConsoleBytes(), LIMITS.maxResultBytes());

    private static Arguments a(String name, String code, Expect expect) {
        return Arguments.of(name, code, expect, LIMITS);
    }

    private static Arguments cpu(String name, String code, Expect expect) {
        return Arguments.of(name, code, expect, CPU_BOUND);
    }

    /**
     * For attacks on the stack: building the structure is slow in a cold worker, and the budget must not end the
     * script before the depth guard does.
     */
    private static Arguments deep(String name, String code, Expect expect) {
        return Arguments.of(name, code, expect, new TenantLimits.ExecutionLimits(Duration.ofSeconds(10), LIMITS.wallTime(),
                CPU_BOUND.memoryBytes(), LIMITS.maxStatements(), LIMITS.maxStackDepth(), LIMITS.maxConsoleBytes(),
                LIMITS.maxResultBytes()));
    }

    private static Arguments memory(String name, String code, Expect expect) {
        return Arguments.of(name, code, expect, MEMORY_BOUND);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // reaching the host
                a("Java.type is not defined", "Java.type('java.lang.Runtime').getRuntime().exec('id')",
                        new Fails(ErrorType.RUNTIME_ERROR, "ReferenceError")),
                a("Polyglot.eval is not defined", "Polyglot.eval('js', '1')", new Fails(ErrorType.RUNTIME_ERROR, "ReferenceError")),
                a("load is not defined", "load('/etc/passwd')", new Fails(ErrorType.RUNTIME_ERROR, "ReferenceError")),
                a("Packages is not defined", "Packages.java.lang.System.exit(0)", new Fails(ErrorType.RUNTIME_ERROR, "ReferenceError")),
                a("no node, deno or bun globals", "[typeof require, typeof process, typeof module, typeof Deno, typeof Bun, typeof quit]",
                        new Succeeds("[\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\",\"undefined\"]")),
                a("none of the host globals GraalJS or Nashorn can install",
                        "['print', 'printErr', 'load', 'loadWithNewGlobal', 'quit', 'exit', 'Graal', 'Java', 'Packages', 'Polyglot', "
                                + "'java', 'javax', 'com', 'org', 'edu', 'javafx', 'JavaImporter', 'readline', 'readbuffer', 'read'"
                                + "].filter(n => n in globalThis)",
                        new Succeeds("[]")),
                a("no host-looking globals", "Object.getOwnPropertyNames(globalThis).filter(n => /java|graal|polyglot|packages|host|print|load/i.test(n))",
                        new Succeeds("[]")),
                a("Function constructor via an object's constructor chain", "this.constructor.constructor('return this')()",
                        new Fails(ErrorType.RUNTIME_ERROR, "")),
                a("async Function constructor", "(async function () {}).constructor('return 1')()",
                        new Fails(ErrorType.RUNTIME_ERROR, "")),
                a("Function constructor reached through a kv function", "kv.get.constructor('return globalThis')()",
                        new Fails(ErrorType.RUNTIME_ERROR, "")),
                a("dynamic import of a file", "import('/etc/passwd')", new Fails(ErrorType.RUNTIME_ERROR, "")),
                // escape tricks known from other sandboxes
                a("stack-trace hook is never called by the host", "Error.prepareStackTrace = (e, s) => s[0].getThis(); try { null.x } catch (e) { typeof e.stack }",
                        new Succeeds("\"string\"")),
                a("no captureStackTrace", "typeof Error.captureStackTrace", new Succeeds("\"undefined\"")),
                a("error from a host call is a plain guest error without host details",
                        "kv.put('k'.repeat(300), 1).catch(e => [e instanceof Error, Object.getPrototypeOf(e) === Error.prototype, /java|host-internal|var\\/lib/.test(String(e) + e.stack)])",
                        new Succeeds("[true,true,false]")),
                a("constructor of a host-call error is the guest's Function",
                        "kv.put('k'.repeat(300), 1).catch(e => e.constructor.constructor('return 1')())",
                        new Fails(ErrorType.RUNTIME_ERROR, "")),
                a("proxy result whose trap throws while the result is read", "new Proxy({}, { get() { throw new Error('trap') } })",
                        new Fails(ErrorType.RUNTIME_ERROR, "trap")),
                a("proxy posing as a thenable", "new Proxy({}, { get(t, k) { return k === 'then' ? (res) => res(42) : undefined } })",
                        new Succeeds("42")),
                a("overwritten JSON.stringify does not change how the result is read", "JSON.stringify = () => '\"hacked\"'; 5",
                        new Succeeds("5")),
                a("hijacked Promise.prototype.then does not change how a promise is settled",
                        "Promise.prototype.then = function () { return 'x' }; Promise.resolve(7)", new Succeeds("7")),
                a("kv cannot be replaced", "Object.defineProperty(globalThis, 'kv', { value: 1 })",
                        new Fails(ErrorType.RUNTIME_ERROR, "TypeError")),
                a("prototype pollution stays in its own execution", "Object.prototype.toJSON = function () { return 'polluted' }; ({a: 1})",
                        new Succeeds("\"polluted\"")),
                a("thrown object whose getters loop is reported without calling them", "throw { get message() { while (true) {} }, toJSON() { while (true) {} } }",
                        new Fails(ErrorType.RUNTIME_ERROR, "")),
                cpu("toJSON of the result that loops", "({ toJSON() { while (true) {} } })", new Cancelled(CancelReason.CPU_TIME)),
                // CPU
                cpu("endless loop", "while (true) {}", new Cancelled(CancelReason.CPU_TIME)),
                cpu("endless loop that catches everything", "for (;;) { try { while (true) {} } catch (e) {} }", new Cancelled(CancelReason.CPU_TIME)),
                a("catastrophic regex runs in linear time", "/^(a|a)*(b)\\2$/.test('a'.repeat(40) + 'c') || /^(a+)+$/.test('a'.repeat(5000) + 'b')",
                        new Succeeds("false")),
                cpu("endless generator", "function* g() { while (true) yield 1 } for (const x of g()) {}", new Cancelled(CancelReason.CPU_TIME)),
                // memory
                memory("growing array of arrays", "const a = []; while (true) a.push(new Array(100000).fill(1))", new Cancelled(CancelReason.MEMORY)),
                memory("growing flat string", "let s = 'x'; const keep = []; while (true) { s = s + s; keep.push(s.split('').join('')) }",
                        new Cancelled(CancelReason.MEMORY)),
                memory("typed array buffers", "const a = []; while (true) a.push(new Uint8Array(1 << 20))", new Cancelled(CancelReason.MEMORY)),
                memory("huge JSON parse", "JSON.parse('[' + '1,'.repeat(20000000) + '1]')", new Cancelled(CancelReason.MEMORY)),
                deep("deeply nested JSON", "let o = {}; for (let i = 0; i < 200000; i++) { o = {o} } JSON.stringify(o)",
                        new Fails(ErrorType.RUNTIME_ERROR, "nested that deep")),
                // output floods
                cpu("many console lines are cut at the limit", "for (let i = 0; i < 1000; i++) console.log('spam ' + i); 'done'",
                        new Succeeds("\"done\"")),
                cpu("endless console flood", "while (true) console.log('x'.repeat(10000))", new Cancelled(CancelReason.CPU_TIME)),
                // async
                a("promise that never settles", "new Promise(() => {})", new Cancelled(CancelReason.WALL_TIME)),
                a("await on a promise that never settles", "(async () => { await new Promise(() => {}); return 1 })()",
                        new Cancelled(CancelReason.WALL_TIME)),
                cpu("microtask flood", "function f() { Promise.resolve().then(f) } f()", new Cancelled(CancelReason.CPU_TIME)),
                cpu("endless await loop", "(async () => { while (true) { await null } })()", new Cancelled(CancelReason.CPU_TIME)),
                a("unhandled rejection of a non-error", "Promise.reject(1)", new Fails(ErrorType.RUNTIME_ERROR, "Uncaught 1")),
                // results
                a("result too large", "'x'.repeat(1000000)", new Cancelled(CancelReason.RESULT_SIZE)),
                a("array result too large", "new Array(100000).fill('abc')", new Cancelled(CancelReason.RESULT_SIZE)),
                a("BigInt result", "10n ** 30n", new Fails(ErrorType.RESULT_NOT_SERIALIZABLE, "BigInt")));
    }
}
