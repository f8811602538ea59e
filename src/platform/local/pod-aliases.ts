import { InvalidInputError } from '../../core/errors.js';
import { LOCAL_POD_NAME } from '../../core/local-pod-names.js';
import type { TimelineEvent } from '../../core/timeline.js';

/**
 * The local platform's pod names as scenarios write them — `web-r<revision>-<n>`, the n-th pod the run created —
 * mapped to the names the cluster gave them (`web-6d9f7c8b5-x2x4q`), from the pod-created events in the order the
 * pod watch delivered them (the order the ReplicaSets created them). Also counts the ready pods, for start-up
 * progress.
 */
export class PodAliases {
  readonly #created: string[] = [];
  readonly #ready = new Set<string>();

  see(event: TimelineEvent): void {
    const pod = event.pod;
    if (pod === undefined) return;
    if (event.type === 'pod-created' && !this.#created.includes(pod)) this.#created.push(pod);
    if (event.type === 'pod-ready') this.#ready.add(pod);
    if (event.type === 'pod-not-ready' || event.type === 'pod-terminating' || event.type === 'pod-exited')
      this.#ready.delete(pod);
  }

  readyCount(): number {
    return this.#ready.size;
  }

  /** The cluster's name for `web-r1-2` (a name the cluster gave is kept as it is). */
  resolve(name: string): string {
    const n = LOCAL_POD_NAME.exec(name)?.[2];
    if (n === undefined) return name;
    const pod = this.#created[Number(n) - 1];
    if (pod === undefined) {
      throw new InvalidInputError(`deletePod: no pod "${name}": the run has created ${this.#created.length} pods`, {
        code: 'NO_SUCH_POD',
        hint: `pods so far: ${this.#created.join(', ') || 'none'}`,
      });
    }
    return pod;
  }
}
