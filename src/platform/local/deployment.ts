import { RollbenchError } from '../../core/errors.js';
import { type IntOrPercent, resolveFenceposts } from '../../core/rolling-update.js';
import type { Pod } from './pod.js';

const CRASH_BACKOFF_MS = 1000;
const CRASH_BACKOFF_MAX_MS = 30_000;
/**
 * Crashes per pod the revision ran at once (all replicas at start-up; the surge during a rollout), none of its
 * pods ever ready, that show it cannot start: each crashing twice, so one wave of simultaneous crashes (a
 * database not up yet) still gets a restart after its back-off. At least 3 crashes in all.
 */
const CRASHES_PER_POD = 2;
const MIN_CRASH_LOOP_CRASHES = 3;

export interface DeploymentSpec {
  replicas: number;
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
  /** A new pod counts as available only after being ready this long. */
  minReadyMs: number;
}

/** What the controller needs from the platform: make a pod of a revision, and start deleting one. */
export interface PodHost {
  createPod(revision: number): Promise<Pod>;
  deletePod(pod: Pod): void;
}

export interface ConvergeReport {
  created: string[];
  deleted: string[];
}

/**
 * The Deployment controller, locally: keeps `replicas` pods of the current revision, and replaces old ones
 * with the RollingUpdate algorithm (`pkg/controller/deployment/rolling.go`): scale the new revision up to
 * replicas + maxSurge pods in total, scale old ones down while at least replicas − maxUnavailable pods are
 * available (ready for minReadySeconds), unavailable old pods first. Terminating pods count for neither.
 * A pod that exits on its own is replaced (a ReplicaSet does the same when its pod is gone).
 */
export class LocalDeployment {
  readonly #spec: DeploymentSpec;
  readonly #host: PodHost;
  #pods: Pod[] = [];
  #revision = 1;
  #changes = 0;
  #wake: (() => void) | undefined;
  /** Crashes in a row (reset when a pod becomes ready) and the earliest time a replacement may start. */
  #crashes = 0;
  #createNotBeforeMs = 0;
  /** Crashes of the current revision's pods so far, while none of them has been ready. */
  #revisionCrashes = 0;
  /** The most pods of the current revision that were running at once. */
  #revisionPeakPods = 0;
  /** Whether a pod of the current revision has been ready: it can start, and later crashes only back off. */
  #revisionStarted = false;

  constructor(spec: DeploymentSpec, host: PodHost) {
    this.#spec = { ...spec };
    this.#host = host;
  }

  get revision(): number {
    return this.#revision;
  }

  get replicas(): number {
    return this.#spec.replicas;
  }

  /** Every pod still known (running, terminating or exited but not yet forgotten). */
  pods(): readonly Pod[] {
    return this.#pods;
  }

  /** Call whenever a pod's readiness or phase changes. */
  notify(): void {
    this.#changes++;
    this.#wake?.();
  }

  /** Brings up the pods of the current revision and waits until all are available. */
  start(signal: AbortSignal): Promise<ConvergeReport> {
    return this.#converge(signal);
  }

  /** Starts a new revision and waits until the rollout is complete (as `kubectl rollout status` decides). */
  rollout(signal: AbortSignal): Promise<ConvergeReport> {
    this.#revision++;
    this.#revisionCrashes = 0;
    this.#revisionPeakPods = 0;
    this.#revisionStarted = false;
    return this.#converge(signal);
  }

  scale(replicas: number, signal: AbortSignal): Promise<ConvergeReport> {
    this.#spec.replicas = replicas;
    return this.#converge(signal);
  }

  /** Deletes one pod (the controller then replaces it) and waits until the deployment is whole again. */
  deletePod(pod: Pod, signal: AbortSignal): Promise<ConvergeReport> {
    const report: ConvergeReport = { created: [], deleted: [pod.name] };
    this.#host.deletePod(pod);
    return this.#converge(signal, report);
  }

  /**
   * Replaces pods that someone else deletes over time (a drain's evictions) until `settled()` holds and the
   * deployment is whole again.
   */
  reconcileUntil(settled: () => boolean, signal: AbortSignal): Promise<ConvergeReport> {
    return this.#converge(signal, { created: [], deleted: [] }, settled);
  }

  /** True when updated, total and available pods all equal the desired replicas. */
  complete(): boolean {
    const active = this.#active();
    const updated = active.filter((pod) => pod.revision === this.#revision);
    return (
      updated.length === this.#spec.replicas &&
      active.length === this.#spec.replicas &&
      updated.filter((pod) => this.#available(pod)).length === this.#spec.replicas
    );
  }

  async #converge(
    signal: AbortSignal,
    report: ConvergeReport = { created: [], deleted: [] },
    settled: () => boolean = () => true,
  ): Promise<ConvergeReport> {
    for (;;) {
      signal.throwIfAborted();
      const seen = this.#changes;
      await this.#step(report);
      if (settled() && this.complete()) return report;
      await this.#nextChange(seen, signal);
    }
  }

  async #step(report: ConvergeReport): Promise<void> {
    this.#noteCrashes();
    this.#pods = this.#pods.filter((pod) => pod.phase !== 'exited');
    const { replicas, minReadyMs } = this.#spec;
    const fenceposts = resolveFenceposts(replicas, this.#spec);
    const maxSurge = fenceposts.maxSurge;
    // The controller's safety net: a rollout must be able to move (e.g. 25 %/25 % after scaling to 1 replica).
    const maxUnavailable = maxSurge === 0 && fenceposts.maxUnavailable === 0 ? 1 : fenceposts.maxUnavailable;
    const active = this.#active();
    const current = active.filter((pod) => pod.revision === this.#revision);
    const old = active.filter((pod) => pod.revision !== this.#revision);

    // Scale the current revision up (surge-limited while old pods remain) or down.
    const room = old.length > 0 ? replicas + maxSurge - active.length : replicas - current.length;
    const toCreate = Math.max(0, Math.min(room, replicas - current.length));
    if (current.length > replicas) this.#delete(rankForDeletion(current).slice(0, current.length - replicas), report);
    const waitMs = this.#createNotBeforeMs - performance.now();
    if (toCreate > 0 && waitMs > 0) this.#wakeAfter(waitMs);
    for (let i = 0; i < (waitMs > 0 ? 0 : toCreate); i++) {
      const pod = await this.#host.createPod(this.#revision);
      this.#pods.push(pod);
      report.created.push(pod.name);
    }
    if (minReadyMs > 0) this.#scheduleAvailabilityCheck();
    if (old.length === 0) return;

    // Scale old pods down, keeping at least replicas − maxUnavailable available.
    const all = this.#active();
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = all.filter((pod) => pod.revision === this.#revision && !this.#available(pod)).length;
    let budget = all.length - minAvailable - newUnavailable;
    const unhealthyOld = old.filter((pod) => !this.#available(pod));
    const cleanup = unhealthyOld.slice(0, Math.max(0, budget));
    this.#delete(cleanup, report);
    budget = all.filter((pod) => this.#available(pod)).length - minAvailable;
    const healthyOld = rankForDeletion(old.filter((pod) => this.#available(pod)));
    this.#delete(healthyOld.slice(0, Math.max(0, budget)), report);
  }

  // Like the kubelet's CrashLoopBackOff: a pod that exits on its own (or never starts) is replaced after a delay
  // that doubles with each crash in a row (1 s, 2 s, … 30 s), instead of in a tight loop.
  #noteCrashes(): void {
    const crashedPods = this.#pods.filter((pod) => pod.phase === 'exited' && pod.crashed);
    this.#failFast(crashedPods);
    const crashed = crashedPods.length;
    if (this.#pods.some((pod) => pod.ready)) this.#crashes = 0;
    if (crashed === 0) return;
    this.#crashes += crashed;
    const backoffMs = Math.min(CRASH_BACKOFF_MAX_MS, CRASH_BACKOFF_MS * 2 ** (this.#crashes - 1));
    this.#createNotBeforeMs = performance.now() + backoffMs;
  }

  // A version whose pods keep crashing and never once become ready will not start (a binary missing, an app
  // exiting at once): say so after a few crashes, with why the last one ended, rather than back off until a
  // timeout. Kubernetes would retry for ever; a rehearsal has nothing to learn from that.
  #failFast(crashed: Pod[]): void {
    this.#revisionStarted ||= this.#pods.some((pod) => pod.revision === this.#revision && pod.everReady);
    if (this.#revisionStarted) return;
    const own = crashed.filter((pod) => pod.revision === this.#revision);
    this.#revisionCrashes += own.length;
    const running = this.#pods.filter((pod) => pod.revision === this.#revision && pod.phase !== 'exited').length;
    this.#revisionPeakPods = Math.max(this.#revisionPeakPods, running + own.length);
    const last = own.at(-1);
    const limit = Math.max(MIN_CRASH_LOOP_CRASHES, CRASHES_PER_POD * this.#revisionPeakPods);
    if (this.#revisionCrashes < limit || !last) return;
    const output = last.lastOutput();
    throw new RollbenchError(
      'CRASH_LOOP',
      `revision ${this.#revision} cannot start: ${this.#revisionCrashes} of its pods crashed and none became ready; ` +
        `the last, ${last.name}, ended with ${last.exitDetail ?? 'no exit status'}`,
      {
        exit: 'platformUnavailable',
        details: output.length > 0 ? [`${last.name}'s last output:`, ...output.map((line) => `  ${line}`)] : [],
        hint: `see ${last.logFile}`,
      },
    );
  }

  #wakeAfter(ms: number): void {
    setTimeout(() => this.notify(), Math.max(1, Math.ceil(ms))).unref();
  }

  #delete(pods: Pod[], report: ConvergeReport): void {
    for (const pod of pods) {
      this.#host.deletePod(pod);
      report.deleted.push(pod.name);
    }
  }

  #active(): Pod[] {
    return this.#pods.filter((pod) => pod.phase === 'running');
  }

  #available(pod: Pod): boolean {
    return pod.readySinceMs !== undefined && performance.now() - pod.readySinceMs >= this.#spec.minReadyMs;
  }

  // A pod becomes available minReadySeconds after it became ready: no event marks that, so wake up then.
  #scheduleAvailabilityCheck(): void {
    const now = performance.now();
    const due = this.#active()
      .filter((pod) => pod.readySinceMs !== undefined && !this.#available(pod))
      .map((pod) => (pod.readySinceMs ?? now) + this.#spec.minReadyMs - now);
    if (due.length > 0) this.#wakeAfter(Math.min(...due));
  }

  #nextChange(seen: number, signal: AbortSignal): Promise<void> {
    if (this.#changes !== seen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#wake = () => {
        signal.removeEventListener('abort', onAbort);
        this.#wake = undefined;
        resolve();
      };
    });
  }
}

/** ReplicaSet's deletion order, simplified: not-ready pods first, then the most recently ready. */
function rankForDeletion(pods: Pod[]): Pod[] {
  return [...pods].sort(
    (a, b) => (b.readySinceMs ?? Number.POSITIVE_INFINITY) - (a.readySinceMs ?? Number.POSITIVE_INFINITY),
  );
}
