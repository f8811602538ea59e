import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PlatformUnreachableError } from '../../core/errors.js';
import { KUBE_PROXY_THREAD_NAME } from '../../core/kube-proxy-thread.js';
import { processUsage, threadCpuMs } from '../../core/proc-stat.js';

// From src/platform/local/ and from dist/platform/local/ alike, the CLI is three levels up.
const rollbenchBin = fileURLToPath(new URL('../../../bin/rollbench.js', import.meta.url));

/** How the embedded cluster for one local run is set up. */
export interface ClusterProcessOptions {
  /** Where the cluster keeps its kubeconfig and pod logs (`logs/<namespace>/<pod>/<container>.log`). */
  dataDir: string;
  nodes: readonly string[];
  proxy: { mode: 'l7' | 'l4'; propagationDelayMs: number; jitterMs: number };
  /** Longest the cluster may take to say `ready`, ms. */
  readyTimeoutMs?: number;
}

/** What the cluster process has used so far. */
export interface ClusterUsage {
  cpuMs: number;
  peakRssBytes: number;
  /** Of `cpuMs`, its kube-proxy thread's (Linux); absent where threads cannot be told apart. */
  proxyCpuMs?: number;
}

/** Longest `stop()` waits for the cluster to stop its pods and exit before it is killed, ms. */
const STOP_TIMEOUT_MS = 15_000;

/** The last lines a process wrote, for a message about why it ended. */
function tail(text: string, lines = 5): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * The embedded cluster (`rollbench cluster up`) as a child process of this one: the API server, controllers,
 * kubelet and kube-proxy, in their own event loop, so they take no time from the load generator's. It stops
 * with its pods when `stop()` is called, and — through `--stop-with-parent`, reading this process's end of
 * its standard input — when this process dies, even by `kill -9`.
 */
export class ClusterProcess {
  readonly kubeconfigPath: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess, kubeconfigPath: string) {
    this.#child = child;
    this.kubeconfigPath = kubeconfigPath;
    this.#exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** The cluster process's pid (its CPU is the cluster's, not the generator's). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * CPU and peak memory of the cluster process so far (pods not counted), and of that CPU what its kube-proxy
   * thread used (Linux); undefined once it has exited.
   */
  usage(): ClusterUsage | undefined {
    const pid = this.#child.pid;
    const usage = pid === undefined ? undefined : processUsage(pid);
    if (pid === undefined || usage === undefined) return undefined;
    const proxyCpuMs = threadCpuMs(pid, KUBE_PROXY_THREAD_NAME);
    return proxyCpuMs === undefined ? usage : { ...usage, proxyCpuMs };
  }

  /** Starts the cluster and resolves once it says `ready`; rejects (and leaves nothing running) otherwise. */
  static async start(options: ClusterProcessOptions, signal: AbortSignal): Promise<ClusterProcess> {
    const kubeconfigPath = join(options.dataDir, 'kubeconfig');
    const { mode, propagationDelayMs, jitterMs } = options.proxy;
    const child = spawn(
      process.execPath,
      [
        rollbenchBin,
        ...['cluster', 'up', '--port', '0', '--nodes', options.nodes.join(','), '--data-dir', options.dataDir],
        ...['--write-kubeconfig', kubeconfigPath, '--proxy-mode', mode],
        ...['--endpoint-propagation-delay', `${propagationDelayMs}ms`],
        ...['--endpoint-propagation-jitter', `${jitterMs}ms`, '--stop-with-parent'],
      ],
      // Its own session: a terminal's ^C (SIGINT to the foreground process group) and hang-up reach rollbench,
      // which stops the load first and then the cluster; were the cluster in the group, it would stop at once,
      // under the load, before rollbench could restore anything.
      { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
    );
    const cluster = new ClusterProcess(child, kubeconfigPath);
    let stdout = '';
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    const timeout = AbortSignal.timeout(options.readyTimeoutMs ?? 30_000);
    try {
      await new Promise<void>((resolve, reject) => {
        const fail = (why: string) =>
          reject(
            new PlatformUnreachableError(`the embedded cluster did not start: ${why}`, {
              code: 'CLUSTER_NOT_STARTED',
              hint: `its data and pod logs are in ${options.dataDir}`,
            }),
          );
        child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          if (/^ready$/m.test(stdout)) resolve();
        });
        child.once('error', (error) => fail(error.message));
        child.once('exit', (code, exitSignal) =>
          fail(`it exited (${exitSignal ?? `code ${code}`}) before it was ready${stderr ? `:\n${tail(stderr)}` : ''}`),
        );
        timeout.addEventListener('abort', () => fail('not ready within 30 s'), { once: true });
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    // From here on its output is only for people reading a failure; keep draining it so it never blocks.
    child.stdout?.resume();
    return cluster;
  }

  /**
   * Stops the cluster: closing its standard input makes it stop every pod (SIGKILL after their grace, as a
   * kubelet shutting down) and exit; SIGKILL after STOP_TIMEOUT_MS, when its pods' watchdogs kill them.
   * Never throws.
   */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(killed);
  }
}
