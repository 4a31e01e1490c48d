// The isolated-vm side of the peer comparison. Runs the same three scripts as PeerComparison.java with a new
// context per execution (isolates are long-lived, like Tenantry's workers; compiled code is reused, like
// Tenantry's per-worker source cache) and prints one JSON object on stdout.
//   node ivm-bench.js <workers> <warm-up seconds> <measure seconds> <fib iterations>
'use strict';
const ivm = require('isolated-vm');
const scripts = require('./scripts.json');

const [workers, warmupS, measureS, fibIterations] = process.argv.slice(2).map(Number);

async function throughput(code, argsJson) {
  const isolates = Array.from({ length: workers }, () => new ivm.Isolate({ memoryLimit: 128 }));
  const compiled = await Promise.all(isolates.map(i => i.compileScript(code)));
  const start = Date.now();
  const measureFrom = start + warmupS * 1000;
  const end = measureFrom + measureS * 1000;
  let counted = 0;
  async function loop(k) {
    for (;;) {
      const began = Date.now();
      if (began >= end) return;
      const context = await isolates[k].createContext();
      await context.global.set('argsJson', argsJson);
      await compiled[k].run(context, { timeout: 30000, copy: true });
      context.release();
      if (began >= measureFrom) counted++;
    }
  }
  await Promise.all(isolates.map((_, k) => loop(k)));
  isolates.forEach(i => i.dispose());
  return counted / measureS;
}

async function latencyMs(code, argsJson, iterations) {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const script = await isolate.compileScript(code);
  const times = [];
  for (let i = 0; i < iterations * 2; i++) {
    const t0 = process.hrtime.bigint();
    const context = await isolate.createContext();
    await context.global.set('argsJson', argsJson);
    await script.run(context, { timeout: 30000, copy: true });
    context.release();
    // the first half is warm-up: the comparison is of steady state
    if (i >= iterations) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  isolate.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

(async () => {
  // isolated-vm takes no arguments object: the script parses a JSON string, as Tenantry's sandbox does
  const wrap = s => 'const args = JSON.parse(argsJson); (() => { const r = ' + s.expression + '; return JSON.stringify(r); })()';
  const out = { node: process.version, isolatedVm: require('isolated-vm/package.json').version };
  out.trivialPerSecond = await throughput(wrap(scripts.trivial), scripts.trivial.args);
  out.jsonPerSecond = await throughput(wrap(scripts.json), scripts.json.args);
  out.fib27MedianMs = await latencyMs(wrap(scripts.fib27), scripts.fib27.args, fibIterations);
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
