import { fileURLToPath } from 'node:url';
// Temporary exception to "nothing but cli imports cluster/" (issue 11 ends it): see pod.ts.
import type { ProcessLaunch } from '../../cluster/kubelet/process.js';

/** The built-in sample app's settings, as the scenario gives them (durations in ms). */
export interface SampleAppSpec {
  cpuMs: number;
  delayMs: number;
  bodyBytes: number;
  startupDelayMs: number;
  onSigterm: 'exit' | 'drain' | 'ignore';
}

/** What a replica runs: the built-in sample app, or the user's command with `{port}` placeholders. */
export type AppSpec = { sampleApp: SampleAppSpec } | { command: string | string[]; env?: Record<string, string> };

// From src/platform/local/ and from dist/platform/local/ alike, the CLI is three levels up.
const rollbenchBin = fileURLToPath(new URL('../../../bin/rollbench.js', import.meta.url));

const fill = (text: string, port: number): string => text.replaceAll('{port}', String(port));

/** How to start one replica of `app` on `port`, named `pod` (also exported to it as POD_NAME and PORT). */
export function launchFor(app: AppSpec, port: number, pod: string): ProcessLaunch {
  const env = { PORT: String(port), POD_NAME: pod };
  if ('sampleApp' in app) {
    const s = app.sampleApp;
    return {
      file: process.execPath,
      args: [
        rollbenchBin,
        'sample-app',
        ...['--port', String(port), '--name', pod, '--on-sigterm', s.onSigterm],
        ...['--cpu', `${s.cpuMs}ms`, '--delay', `${s.delayMs}ms`, '--body-bytes', String(s.bodyBytes)],
        ...['--startup-delay', `${s.startupDelayMs}ms`],
      ],
      env,
    };
  }
  const userEnv = Object.fromEntries(Object.entries(app.env ?? {}).map(([key, value]) => [key, fill(value, port)]));
  if (typeof app.command === 'string') {
    return { file: '/bin/sh', args: ['-c', fill(app.command, port)], env: { ...env, ...userEnv } };
  }
  const [file = '', ...args] = app.command.map((part) => fill(part, port));
  return { file, args, env: { ...env, ...userEnv } };
}
