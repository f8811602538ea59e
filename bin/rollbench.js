#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` / `npm install` through the "prepare" script).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// Compile WebAssembly (undici's HTTP parser, the HDR histograms) with the baseline compiler only. The optimising
// tier's background compilation raised peak memory by ~25 MB (measured: 123 → 98 MB at 2 000 rps, 50
// connections) for no throughput we could measure (closed model against nginx, side by side). Set before any
// module is compiled, which is the only time this flag can safely change.
setFlagsFromString('--liftoff-only');
// No memory reducer: its heap-shrinking collections start 8 s into an isolate's life whatever it is doing, and
// each is a 6–15 ms mark-compact pause of the thread that sends the load. They were the sends late > 10 ms in
// `rollbench run scenarios/local-rollout.yaml` (seen with --trace-gc: "Mark-Compact (reduce)" in the load's
// thread at 8.1, 8.8 and 9.4 s, with sends 10–20 ms late at the same moments). A run is short; its heap is
// returned when it exits. Set here, before any worker thread (and its heap) exists.
setFlagsFromString('--no-memory-reducer');

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('rollbench: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
