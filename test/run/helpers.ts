import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/core/run-result.js';
import type { LocalTarget } from '../../src/platform/index.js';
import { startRun } from '../../src/run/execute.js';
import { toRunSpec } from '../../src/run/from-scenario.js';
import type { RunHandle } from '../../src/run/session.js';
import { parseScenario } from '../../src/scenario/index.js';
import { type Ran as CliRan, rollbench } from '../support/cli.js';
import { local } from '../support/local-target.js';
import { processesMentioning } from '../support/processes.js';

export interface Ran extends CliRan {
  outDir: string;
}

/** A shipped scenario, shortened for tests: same shape, smaller times. */
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
  proxy: { mode: l7, endpointPropagationDelay: 500ms }
load: { rate: 100, connections: 4, timeout: 2s, bucket: 500ms }
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
