// What waking the main thread from a worker costs, as rollbench's send clock does: the worker sleeps in a timed
// Atomics.wait until each due time, then (mode message) posts a message the main thread handles, or (mode async)
// Atomics.notify()s a main thread parked in Atomics.waitAsync, or (mode none) does nothing (the worker's own wakes).
// Prints the process CPU (both threads, worker boot included) per wake. Run two rates to separate the fixed cost:
// cpu = fixed + wakes × perWake.
// Usage: node bench/peers/wake-cost.js <message|async|none> <wakesPerSecond> <seconds>

import { Worker } from 'node:worker_threads';

const [mode = 'message', rateArg = '2000', secondsArg = '3'] = process.argv.slice(2);
if (!['message', 'async', 'none'].includes(mode)) {
  process.stderr.write('usage: wake-cost.js <message|async|none> <wakesPerSecond> <seconds>\n');
  process.exit(2);
}
const rate = Number(rateArg);
const seconds = Number(secondsArg);
setTimeout(() => process.exit(1), seconds * 1000 + 30_000).unref();
const shared = new SharedArrayBuffer(16);
const ints = new Int32Array(shared);
const source = `
const { workerData, parentPort } = require('node:worker_threads');
const ints = new Int32Array(workerData.shared);
const intervalNs = 1e9 / workerData.rate;
const total = workerData.rate * workerData.seconds;
const start = Number(process.hrtime.bigint());
for (let i = 0; i < total; i++) {
  const waitNs = start + i * intervalNs - Number(process.hrtime.bigint());
  if (waitNs > 0) Atomics.wait(ints, 3, 0, waitNs / 1e6);
  if (workerData.mode === 'message') parentPort.postMessage(0);
  else if (workerData.mode === 'async') { Atomics.add(ints, 0, 1); Atomics.notify(ints, 0); }
}
if (workerData.mode === 'async') { Atomics.store(ints, 1, 1); Atomics.add(ints, 0, 1); Atomics.notify(ints, 0); }
else parentPort.postMessage(1);
`;
const cpuAtStart = process.cpuUsage();
const worker = new Worker(source, { eval: true, workerData: { shared, rate, seconds, mode } });
let wakes = 0;
await new Promise((resolve) => {
  if (mode === 'async') {
    let seen = 0;
    const arm = () => {
      const waited = Atomics.waitAsync(ints, 0, seen);
      const woken = () => {
        seen = Atomics.load(ints, 0);
        wakes++;
        if (Atomics.load(ints, 1)) resolve(undefined);
        else arm();
      };
      if (waited.async) waited.value.then(woken);
      else woken();
    };
    arm();
  } else {
    worker.on('message', (message) => {
      if (mode === 'message') wakes++;
      if (message === 1) resolve(undefined);
    });
  }
});
if (mode === 'none') wakes = rate * seconds;
const cpu = process.cpuUsage(cpuAtStart);
await worker.terminate();
process.stdout.write(
  `${JSON.stringify({ mode, wakes, cpuUs: cpu.user + cpu.system, usPerWake: (cpu.user + cpu.system) / wakes })}\n`,
);
