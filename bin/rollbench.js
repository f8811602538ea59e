#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm ci` / `npm install` through the "prepare" script).
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// Compile WebAssembly (undici's HTTP parser, the HDR histograms) with the baseline compiler only. The optimising
// tier's background compilation raised peak memory by ~25 MB (measured: 123 → 98 MB at 2 000 rps, 50
// connections) for no throughput we could measure (closed model against nginx, side by side). Set before any
// module is compiled, which is the only time this flag can safely change.
setFlagsFromString('--liftoff-only');

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('rollbench: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
