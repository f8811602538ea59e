import { readFile } from 'node:fs/promises';
import type { LoadResult } from '../../src/core/result.js';
import type { CapacityResult, RunResult } from '../../src/core/run-result.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

/** A real result of `rollbench run scenarios/local-rollout.yaml`: 131 requests failed during the rollout. */
export const rolloutPath = fixture('local-rollout.result.json').pathname;
/** A real result of `rollbench run scenarios/local-rollout-prestop.yaml`: the rollout cost no request. */
export const prestopPath = fixture('local-rollout-prestop.result.json').pathname;
/** A real result of a capacity run: 100 and 400 rps met the SLO, 2 500 rps did not. */
export const capacityPath = fixture('local-capacity.result.json').pathname;

/** A real result of `rollbench load --rate 200 -d 5s --json` against the sample app: no request failed. */
export const loadPath = fixture('local-load.result.json').pathname;

export async function loadResult(): Promise<LoadResult> {
  return JSON.parse(await readFile(loadPath, 'utf8')) as LoadResult;
}

export async function rolloutResult(): Promise<RunResult> {
  return JSON.parse(await readFile(rolloutPath, 'utf8')) as RunResult;
}

export async function prestopResult(): Promise<RunResult> {
  return JSON.parse(await readFile(prestopPath, 'utf8')) as RunResult;
}

export async function capacityResult(): Promise<CapacityResult> {
  return JSON.parse(await readFile(capacityPath, 'utf8')) as CapacityResult;
}

/** Markup a target or cluster could put in a pod name, a header value or an error message. */
export const HOSTILE = '<img src=x onerror=alert(1)>';

/**
 * The rollout result with one pod, the scenario and an event's text renamed to markup (and XML-breaking
 * characters), as a hostile target or cluster could name them.
 */
export async function hostileResult(): Promise<RunResult> {
  const text = await readFile(rolloutPath, 'utf8');
  const renamed = text.replaceAll('"web-r1-3"', JSON.stringify(HOSTILE));
  const result = JSON.parse(renamed) as RunResult;
  result.scenario.name = `${HOSTILE} ]]> </script> \u0001 & "quoted" | *x*`;
  for (const event of result.timeline) if (event.detail) event.detail = `${event.detail} ${HOSTILE}`;
  return result;
}
