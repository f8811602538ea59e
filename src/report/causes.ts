import type { FailureCause } from '../analysis/attribution.js';

/** What each failure cause means, for people: in full (a legend) and as a short phrase (the verdict's line). */
export const causeText: Record<FailureCause, { description: string; phrase: string }> = {
  'routed-after-exit': {
    description: 'routed to a pod after it had exited (its endpoint removal had not propagated yet)',
    phrase: 'routed to pods after they had exited',
  },
  'routed-after-sigterm': {
    description: 'routed to a pod after it got SIGTERM, while it was shutting down',
    phrase: 'routed to pods shutting down after SIGTERM',
  },
  'routed-before-ready': {
    description: 'routed to a pod that was not ready yet',
    phrase: 'routed to pods that were not ready yet',
  },
  'pod-error': {
    description: 'the pod answered with an error while it was serving',
    phrase: 'errors from pods while they were serving',
  },
  'reset-on-exit': {
    description: 'connection reset or closed when a pod exited with connections open',
    phrase: 'connections reset by pods exiting with connections open',
  },
  'no-endpoints': {
    description: 'no ready endpoint at all (the proxy answered 503)',
    phrase: 'no ready endpoint at all',
  },
  unexplained: { description: 'no event explains it', phrase: 'not explained by any event' },
};

/** Causes a longer preStop (traffic drained before SIGTERM) prevents. */
export const TERMINATION_CAUSES: ReadonlySet<FailureCause> = new Set([
  'routed-after-exit',
  'routed-after-sigterm',
  'reset-on-exit',
]);
