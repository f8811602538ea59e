// `npm start`: the experiment rollbench exists for, on the built-in local platform (no cluster needed).
// Rolls out 3 replicas of the sample app that exit at once on SIGTERM, behind a proxy that takes 1 s to notice
// a removed endpoint: requests fail. Then points at the same scenario with a preStop sleep, where none do.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/rollbench.js', import.meta.url));
const scenario = 'scenarios/local-rollout.yaml';
console.log(`$ rollbench run ${scenario}\n`);
const run = spawn(process.execPath, [bin, 'run', scenario], { stdio: 'inherit' });
// Ctrl-C reaches the run too (same process group): it stops gracefully and still writes its result.
process.on('SIGINT', () => {});
const [code] = await once(run, 'exit');
if (code === 4) {
  console.log(
    '\nExit 4: requests failed during the rollout — the pods exited on SIGTERM while the proxy still routed to them.' +
      '\nNow the same rollout with a preStop sleep longer than the propagation delay (expect 0 failures, exit 0):' +
      '\n  npx rollbench run scenarios/local-rollout-prestop.yaml',
  );
  process.exitCode = 0;
} else {
  process.exitCode = code ?? 1;
}
