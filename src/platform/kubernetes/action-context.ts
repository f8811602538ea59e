import type { KubeClients } from './client.js';
import type { RestoreLedger } from './restore-ledger.js';
import type { TimelineEvent } from './types.js';

/** What every action needs: the clients, its target, the ledger of what to restore, and where to say things. */
export interface ActionContext {
  clients: KubeClients;
  namespace: string;
  deployment: string;
  /** The Deployment's selector as a label selector query. */
  podSelector: string;
  ledger: RestoreLedger;
  onWarning(message: string): void;
  /** A timeline event only the action knows of (an eviction asked for, refused, done); atMs set by the caller. */
  emit(event: TimelineEvent): void;
  /** What the action is waiting for now, in a few words (for a progress line). */
  setActivity(text: string | undefined): void;
}
