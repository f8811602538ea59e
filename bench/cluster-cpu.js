// The embedded cluster's own CPU, idle and per proxied request: `rollbench cluster up` (l7, 3 nodes), the sample app's
// Deployment from deploy/sample-app.yaml (kubectl), then the cluster process's user + sys from /proc/<pid>/stat over
// 5 s idle and around `rollbench load --rate R` at the NodePort. "net" subtracts the idle rate over the load's wall
// time. Pods are separate processes and not counted. Needs kubectl. All traffic on 127.0.0.1.
// Usage: npm run build && node bench/cluster-cpu.js    (BENCH_RATE=200 BENCH_DURATION_S=10 BENCH_REPS=1)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExitHandlers, stop, stopAll } from './lib/procs.js';
import { cpuMs, loadThrough, ROLLBENCH, startNode } from './lib/proxied-load.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const rate = Number(process.env.BENCH_RATE ?? 200);
const durationS = Number(process.env.BENCH_DURATION_S ?? 10);
const reps = Number(process.env.BENCH_REPS ?? 1);
const IDLE_MS = 5000;

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const totalMs = (/** @type {number | undefined} */ pid) => {
  const { userMs, sysMs } = cpuMs(pid);
  return userMs + sysMs;
};

async function measureOnce() {
  const dir = mkdtempSync(join(tmpdir(), 'rollbench-cluster-cpu-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const args = [ROLLBENCH, 'cluster', 'up', '--port', '0', '--write-kubeconfig', kubeconfig];
  const { child } = await startNode([...args, '--data-dir', join(dir, 'data')], /^(ready)$/m);
  const kubectl = (/** @type {string[]} */ ...rest) =>
    execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...rest], { encoding: 'utf8', timeout: 90_000 });
  try {
    kubectl('create', '-f', join(ROOT, 'deploy/sample-app.yaml'));
    kubectl('rollout', 'status', 'deployment/sample-app', '--timeout=60s');
    const nodePort = Number(kubectl('get', 'svc', 'sample-app', '-o', 'jsonpath={.spec.ports[0].nodePort}'));
    await sleep(3000);
    const idleStart = totalMs(child.pid);
    const idleWallStart = performance.now();
    await sleep(IDLE_MS);
    const idleRate = (totalMs(child.pid) - idleStart) / (performance.now() - idleWallStart);
    const loadStart = totalMs(child.pid);
    const loadWallStart = performance.now();
    const { requests, failed } = await loadThrough(nodePort, rate, durationS);
    const loadCpuMs = totalMs(child.pid) - loadStart;
    const netCpuMs = loadCpuMs - idleRate * (performance.now() - loadWallStart);
    return {
      idleCorePercent: idleRate * 100,
      requests,
      failed,
      loadCpuMs,
      usPerRequest: (loadCpuMs * 1000) / requests,
      netUsPerRequest: (netCpuMs * 1000) / requests,
    };
  } finally {
    await stop(child, 15_000);
    rmSync(dir, { recursive: true, force: true });
  }
}

installExitHandlers();
try {
  for (let rep = 0; rep < reps; rep++) {
    process.stdout.write(`${JSON.stringify({ rate, durationS, ...(await measureOnce()) })}\n`);
  }
} finally {
  await stopAll();
}
