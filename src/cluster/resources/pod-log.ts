import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Registry } from '../api/registry.js';
import type { SubresourceRequest, SubresourceResponse } from '../api/resource-type.js';
import { badRequest, methodNotAllowed } from '../api/status.js';
import { pods } from './pods.js';

/**
 * Where one run of a container keeps its output: `<dataDir>/logs/<namespace>/<pod>/<container>/<restartCount>.log`,
 * one file per restart as the kubelet keeps them under /var/log/pods. The kubelet writes it; `/log` only reads it.
 */
export function containerLogPath(
  dataDir: string,
  namespace: string,
  pod: string,
  container: string,
  restartCount = 0,
): string {
  return join(dataDir, 'logs', namespace, pod, container, `${restartCount}.log`);
}

/**
 * `GET …/pods/<name>/log?container=&tailLines=&previous=`: the output of the container's current run (or, with
 * `previous=true`, of the run before it) as plain text, like the kubelet serves it.
 */
export function podLogHandler(dataDir: string) {
  return (request: SubresourceRequest, registry: Registry): SubresourceResponse => {
    if (request.method !== 'GET') throw methodNotAllowed(request.method, 'log');
    const pod = registry.get(pods, request.namespace, request.name);
    const names: string[] = (pod.spec?.containers ?? []).map((container: { name: string }) => container.name);
    const container = request.query.get('container') ?? (names.length === 1 ? names[0] : undefined);
    if (container === undefined) {
      throw badRequest(
        `a container name must be specified for pod ${request.name}, choose one of: [${names.join(' ')}]`,
      );
    }
    if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${request.name}`);
    const status = (pod.status?.containerStatuses ?? []).find((one: { name: string }) => one.name === container);
    const restarts: number = status?.restartCount ?? 0;
    const previous = request.query.get('previous') === 'true';
    if (previous && restarts === 0) {
      throw badRequest(`previous terminated container "${container}" in pod "${request.name}" not found`);
    }
    // In back-off no new run has started: the latest run is the one that crashed, as `kubectl logs` shows it.
    const latest = status?.state?.waiting !== undefined && restarts > 0 ? restarts - 1 : restarts;
    const run = previous ? restarts - 1 : latest;
    let text: string;
    try {
      text = readFileSync(containerLogPath(dataDir, request.namespace ?? '', request.name, container, run), 'utf8');
    } catch {
      throw badRequest(`container "${container}" in pod "${request.name}" is waiting to start: ContainerCreating`);
    }
    const tail = request.query.get('tailLines');
    if (tail !== null) {
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      text = lines
        .slice(-Number(tail))
        .map((line) => `${line}\n`)
        .join('');
    }
    return { text };
  };
}
