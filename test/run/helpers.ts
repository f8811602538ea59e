import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import type { RunResult } from '../../src/core/run-result.js';
import type { LocalTarget } from '../../src/platform/index.js';
import { startRun } from '../../src/run/execute.js';
import { toRunSpec } from '../../src/run/from-scenario.js';
import type { RunHandle } from '../../src/run/session.js';
import { parseScenario } from '../../src/scenario/index.js';
import { type Spawned, spawnWithDeadline } from '../support/child.js';
import { type Ran as CliRan, rollbench, rollbenchBin } from '../support/cli.js';
import { local } from '../support/local-target.js';
import { childrenOf, processesMentioning } from '../support/processes.js';

// Most tests here run a real rollout — replicas, proxy, load — through the CLI: seconds on a quiet machine, several
// times that on a loaded one. Their children's deadlines follow (test/support/child.ts); a hang still ends.
vi.setConfig({ testTimeout: 90_000 });

export interface Ran extends CliRan {
  outDir: string;
}

/** shortRollout's endpoint propagation delay: how long the proxy still routes to a pod after it began terminating. */
export const PROPAGATION_DELAY_MS = 500;
/**
 * How much later than that a loaded machine may run the proxy's removal, or write a request, ms: a drain lag's upper
 * band is PROPAGATION_DELAY_MS + this. (No lower band above 0: drain lag is dated by the last request written to the
 * pod, and a generator that wrote none in the delay's last few hundred ms — a machine busy elsewhere — measures less:
 * 166–229 ms at load average 15, when it was dated at the send.)
 */
export const REMOVAL_LATENESS_MS = 2000;

/**
 * A shipped scenario, shortened for tests: same shape, smaller times. 16 connections, not 4: at 100 rps, 4 leave
 * each request 40 ms before the queue grows without end, which a loaded machine's proxy and replicas exceed — then
 * nearly every request times out, and the test measures the machine instead of the rollout.
 */
export function shortRollout(preStopSeconds: number | undefined, extra = ''): string {
  return `name: test-rollout
target:
  platform: local
  app:
    sampleApp: { onSigterm: exit }
  replicas: 3
  readinessProbe: { path: /healthz, periodSeconds: 0.2, failureThreshold: 1 }
${preStopSeconds === undefined ? '' : `  lifecycle: { preStop: { sleep: { seconds: ${preStopSeconds} } } }\n`}  strategy:
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  proxy: { mode: l7, endpointPropagationDelay: ${PROPAGATION_DELAY_MS}ms }
load: { rate: 100, connections: 16, timeout: 2s, bucket: 500ms }
warmup: 1s
cooldown: 1s
disruptions:
  - { at: 1s, action: rollout }
slo: { maxFailedRequests: 0 }
${extra}`;
}

export interface RunScenarioOptions {
  /** Gets the child as it starts (to signal it, say). */
  whileRunning?: (child: ChildProcess) => void;
  /** More arguments for `rollbench run`. */
  args?: string[];
  /** The --out folder; default a fresh one. */
  outDir?: string;
}

/** Runs `rollbench run` on the scenario text in a fresh folder. */
export async function runScenario(text: string, options: RunScenarioOptions = {}): Promise<Ran> {
  const dir = await mkdtemp(join(tmpdir(), 'rollbench-run-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, text);
  const outDir = options.outDir ?? join(dir, 'out');
  return {
    ...(await rollbench(['run', file, '--out', outDir, ...(options.args ?? [])], options.whileRunning)),
    outDir,
  };
}

export interface InTerminal {
  /** script(1), which gives rollbench a terminal of its own; its exit code is rollbench's. */
  terminal: Spawned;
  /** What rollbench drew on its terminal so far: the progress line names the phase, and the load once it runs. */
  screen(): string;
  /** The rollbench process (script's child), once it started. */
  rollbenchPid(): number | undefined;
  outDir: string;
}

/**
 * Starts `rollbench run` on the scenario text in a terminal of its own, as a person runs it: a test waits for a
 * phase on its progress line (`warmup  ` once the load runs) instead of sleeping, then signals it.
 */
export async function runInTerminal(text: string): Promise<InTerminal> {
  const dir = await mkdtemp(join(tmpdir(), 'rollbench-terminal-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, text);
  const outDir = join(dir, 'out');
  const command = `exec '${process.execPath}' '${rollbenchBin}' run '${file}' --out '${outDir}'`;
  const terminal = spawnWithDeadline('script', ['-q', '-e', '-c', command, '/dev/null'], { keepStdinOpen: true });
  return {
    terminal,
    screen: () => terminal.output().stdout,
    rollbenchPid: () => childrenOf(terminal.child.pid ?? 0)[0],
    outDir,
  };
}

/**
 * Starts a run of the scenario text in this process (no CLI), in a fresh folder; `target` sets what a scenario
 * file cannot (a shorter start-up timeout, eviction retry).
 */
export async function startScenario(
  text: string,
  target: Partial<LocalTarget> = {},
): Promise<{ run: RunHandle<RunResult>; outDir: string }> {
  const spec = toRunSpec(parseScenario(text, 'scenario.yaml').scenario);
  const outDir = await mkdtemp(join(tmpdir(), 'rollbench-run-'));
  return { run: startRun({ ...spec, target: { ...local(spec.target), ...target } }, outDir), outDir };
}

export async function readResult(outDir: string): Promise<RunResult> {
  return JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8')) as RunResult;
}

/** Every pod (replica) a run (or capacity run) created, from its timeline. */
export function replicaPods(result: Pick<RunResult, 'timeline'>): string[] {
  return [...new Set(result.timeline.filter((event) => event.type === 'pod-created').map((event) => event.pod ?? ''))];
}

/** The processes of those pods still running (each pod's processes carry its name: its launcher, the app). */
export function runningReplicas(result: Pick<RunResult, 'timeline'>): number[] {
  const pods = replicaPods(result);
  return pods.length === 0 ? [] : processesMentioning(pods);
}

export { alive } from '../support/processes.js';
