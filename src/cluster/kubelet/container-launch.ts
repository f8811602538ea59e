import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../api/object.js';
import type { ProcessLaunch } from './process-launch.js';

// biome-ignore lint/suspicious/noExplicitAny: a container spec is open JSON.
type Container = any;

/** The project's own image (`ghcr.io/rollbench/rollbench:<tag>`): its entrypoint is `rollbench`. */
const projectImage = /^ghcr\.io\/rollbench\/rollbench(?:[:@]|$)/;

// From src/cluster/kubelet/ and from dist/cluster/kubelet/ alike, the CLI is three levels up.
const rollbenchBin = fileURLToPath(new URL('../../../bin/rollbench.js', import.meta.url));

/** What a container runs here, or why it cannot run (the kubelet's `ErrImagePull`, with a message saying why). */
export type ContainerLaunch = { launch: ProcessLaunch } | { cannotRun: string };

/** What the kubelet knows about the pod when it starts a container: for the downward API and the port. */
export interface PodContext {
  pod: KubeObject;
  podIp: string;
  /** The loopback port the container listens on instead of its container port (pods share this machine). */
  hostPort: number;
}

/** `$(VAR)` in command and args expands from the container's environment; `$$(VAR)` stays literal. */
function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) =>
    match === '$$' ? '$' : (env[name ?? ''] ?? match),
  );
}

/** The downward API fields a `fieldRef` may name, as the kubelet resolves them. */
function fieldValue(path: string, context: PodContext): string {
  const { metadata, spec } = context.pod;
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return String(metadata[label[1] as 'labels']?.[label[2] ?? ''] ?? '');
  const fields: Record<string, string | undefined> = {
    'metadata.name': metadata.name,
    'metadata.namespace': metadata.namespace,
    'metadata.uid': metadata.uid,
    'spec.nodeName': spec?.nodeName,
    'spec.serviceAccountName': spec?.serviceAccountName,
    'status.podIP': context.podIp,
    'status.podIPs': context.podIp,
    'status.hostIP': '127.0.0.1',
    'status.hostIPs': '127.0.0.1',
  };
  return fields[path] ?? '';
}

/**
 * The container's environment: `env` in order (values and downward API fields; a value may refer to an earlier
 * variable or to PORT as `$(NAME)`), then `PORT` set to the loopback port it must listen on.
 */
export function containerEnv(container: Container, context: PodContext): Record<string, string> {
  // PORT is known from the start, so a value may refer to it as `$(PORT)` (it is set again last: it always wins).
  const env: Record<string, string> = { PORT: String(context.hostPort) };
  for (const variable of container.env ?? []) {
    const path = variable.valueFrom?.fieldRef?.fieldPath;
    env[variable.name] = path !== undefined ? fieldValue(path, context) : expand(String(variable.value ?? ''), env);
  }
  env.PORT = String(context.hostPort);
  return env;
}

/**
 * The port the container means to listen on: `--port` in the sample app's args, else its `PORT` variable, else
 * its first container port, else the sample app's default.
 */
export function containerPort(container: Container): number {
  const args: string[] = container.args ?? [];
  const flag = args.findIndex((arg) => arg === '--port' || arg === '-p');
  const inline = args.find((arg) => arg.startsWith('--port='));
  const fromArgs = flag >= 0 ? args[flag + 1] : inline?.slice('--port='.length);
  const fromEnv = (container.env ?? []).find((variable: Container) => variable.name === 'PORT')?.value;
  const port = Number(fromArgs ?? fromEnv ?? container.ports?.[0]?.containerPort ?? 8080);
  return Number.isInteger(port) && port > 0 ? port : 8080;
}

/** Flags of the sample app the kubelet sets itself here, with their values. */
const replacedFlags = new Set(['--port', '-p', '--host']);

/**
 * The sample app's args with `--port` replaced by the host port, `--host` by loopback, and `--name` the pod's
 * name unless given. A manifest for real clusters listens on `--host 0.0.0.0` (the kubelet probes the pod's IP);
 * here every pod shares this machine, and nothing of the cluster listens beyond 127.0.0.1.
 */
function sampleAppArgs(args: string[], hostPort: number, podName: string): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (replacedFlags.has(arg)) index++;
    else if (!arg.startsWith('--port=') && !arg.startsWith('--host=')) kept.push(arg);
  }
  const named = kept.some((arg) => arg === '--name' || arg.startsWith('--name='));
  return [...kept, '--host', '127.0.0.1', '--port', String(hostPort), ...(named ? [] : ['--name', podName])];
}

/** The absolute path of an executable named like `sh` (searched on PATH) or `/bin/sh`; undefined if none. */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).map((dir) => join(dir || '.', name));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * How to run a container as a local process. The project's image runs the rollbench CLI with the container's
 * args (the sample app on the host port); any other image runs its `command` + `args` when that executable
 * exists on this machine — there are no images to pull here.
 */
export function containerLaunch(container: Container, context: PodContext): ContainerLaunch {
  const env = containerEnv(container, context);
  const args: string[] = (container.args ?? []).map((arg: string) => expand(String(arg), env));
  const command: string[] = (container.command ?? []).map((part: string) => expand(String(part), env));
  if (projectImage.test(String(container.image)) && command.length === 0) {
    const cliArgs = args[0] === 'sample-app' ? sampleAppArgs(args, context.hostPort, context.pod.metadata.name) : args;
    return { launch: { file: process.execPath, args: [rollbenchBin, ...cliArgs], env } };
  }
  const [file, ...rest] = [...command, ...args];
  if (file === undefined) {
    return {
      cannotRun: `image "${container.image}" cannot be run here: no images are pulled on this cluster, and the container has no command to run as a local process`,
    };
  }
  const found = findExecutable(file, env.PATH ?? process.env.PATH);
  if (found === undefined) {
    return {
      cannotRun: `image "${container.image}" cannot be run here: its command "${file}" is not an executable on this machine (containers run as local processes; no images are pulled)`,
    };
  }
  return { launch: { file: found, args: rest, env } };
}
