import { spawn } from 'node:child_process';
import { findExecutable } from './container-launch.js';
import { type ProbeCheck, type ProbeTiming, probeOnce, tcpProbeOnce } from './probe.js';

// biome-ignore lint/suspicious/noExplicitAny: a container spec is open JSON.
type Json = any;

/** A probe from a container spec, ready to run against the pod's loopback ports. */
export interface ContainerProbe {
  check: ProbeCheck;
  timing: ProbeTiming;
  /** What `Unhealthy` says when it fails, as the kubelet's prober words it. */
  failure: string;
  /** The probe's own `terminationGracePeriodSeconds` for a kill it causes (liveness, startup), in ms. */
  gracePeriodMs?: number;
}

export type ProbeKind = 'readiness' | 'liveness' | 'startup';

/** A probe's `port`: a number, or the name of one of the container's ports. */
function resolvePort(port: Json, container: Json): number | undefined {
  if (typeof port === 'number') return port;
  const named = (container.ports ?? []).find((candidate: Json) => candidate.name === port);
  return named?.containerPort ?? (/^\d+$/.test(String(port)) ? Number(port) : undefined);
}

/** One exec probe: success when the command exits 0 within the timeout (it is killed then). */
function execProbeOnce(file: string, args: string[], env: Record<string, string>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const check = spawn(file, args, { stdio: 'ignore', env: { ...process.env, ...env }, timeout: timeoutMs });
    check.on('error', () => resolve(false));
    check.on('exit', (code) => resolve(code === 0));
  });
}

/**
 * The container's readiness, liveness or startup probe (httpGet or tcpSocket aimed at the loopback port its
 * container port maps to, or exec run on this machine in the container's environment); undefined for none. A
 * gRPC probe is not run: it counts as absent (ready once started, never killed).
 */
export function containerProbe(
  container: Json,
  kind: ProbeKind,
  hostPortOf: (containerPort: number) => number,
  env: Record<string, string>,
): ContainerProbe | undefined {
  const probe = container[`${kind}Probe`];
  if (probe === undefined || probe === null) return undefined;
  const Kind = `${kind[0]?.toUpperCase()}${kind.slice(1)}`;
  const grace = probe.terminationGracePeriodSeconds;
  const gracePeriod = kind !== 'readiness' && typeof grace === 'number' ? { gracePeriodMs: grace * 1000 } : {};
  const timing: ProbeTiming = {
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
  if (probe.httpGet) {
    const containerPort = resolvePort(probe.httpGet.port, container);
    if (containerPort === undefined) return undefined;
    const port = hostPortOf(containerPort);
    const path = probe.httpGet.path ?? '/';
    return {
      check: () => probeOnce(port, path, timing.timeoutMs),
      timing,
      ...gracePeriod,
      failure: `${Kind} probe failed: Get "http://127.0.0.1:${port}${path}": no 2xx/3xx answer within ${timing.timeoutMs / 1000}s`,
    };
  }
  if (probe.tcpSocket) {
    const containerPort = resolvePort(probe.tcpSocket.port, container);
    if (containerPort === undefined) return undefined;
    const port = hostPortOf(containerPort);
    return {
      check: () => tcpProbeOnce(port, timing.timeoutMs),
      timing,
      ...gracePeriod,
      failure: `${Kind} probe failed: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    };
  }
  const command: string[] | undefined = probe.exec?.command;
  if (command !== undefined && command.length > 0) {
    const [name = '', ...args] = command;
    const file = findExecutable(name, env.PATH ?? process.env.PATH);
    return {
      check: () => (file === undefined ? Promise.resolve(false) : execProbeOnce(file, args, env, timing.timeoutMs)),
      timing,
      ...gracePeriod,
      failure:
        file === undefined
          ? `${Kind} probe errored: exec: "${name}": executable file not found in $PATH`
          : `${Kind} probe failed: command '${command.join(' ')}' did not exit 0 within ${timing.timeoutMs / 1000}s`,
    };
  }
  return undefined;
}
