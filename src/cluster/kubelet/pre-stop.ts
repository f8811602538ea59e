import { spawn } from 'node:child_process';
import { findExecutable } from './container-launch.js';

// biome-ignore lint/suspicious/noExplicitAny: a container spec is open JSON.
type Json = any;

/**
 * The container's preStop hook as a function the stop sequence awaits: `sleep` waits, `exec` runs the command
 * (on this machine, in the container's environment) and waits for it to exit; undefined for none. Either
 * ends early when the grace period abandons it. A failure is reported through `onFailure` (the kubelet's
 * `FailedPreStopHook`) and does not stop the shutdown.
 */
export function preStopHook(
  container: Json,
  env: Record<string, string>,
  onFailure: (message: string) => void,
): ((abandoned: AbortSignal) => Promise<void>) | undefined {
  const preStop = container.lifecycle?.preStop;
  const seconds = preStop?.sleep?.seconds;
  if (typeof seconds === 'number') {
    if (seconds <= 0) return undefined;
    return (abandoned) =>
      new Promise((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        abandoned.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
  }
  const command: string[] | undefined = preStop?.exec?.command;
  if (command === undefined || command.length === 0) return undefined;
  return (abandoned) =>
    new Promise((resolve) => {
      const [name = '', ...args] = command;
      const file = findExecutable(name, env.PATH ?? process.env.PATH);
      if (file === undefined) {
        onFailure(`PreStopHook failed: exec: "${name}": executable file not found in $PATH`);
        resolve();
        return;
      }
      const hook = spawn(file, args, { stdio: 'ignore', env: { ...process.env, ...env }, signal: abandoned });
      hook.on('error', (error) => {
        if (!abandoned.aborted) onFailure(`PreStopHook failed: ${error.message}`);
        resolve();
      });
      hook.on('exit', (code) => {
        if (code !== 0 && code !== null)
          onFailure(`PreStopHook failed: command '${command.join(' ')}' exited with ${code}`);
        resolve();
      });
    });
}
