/**
 * How load is sent. `open` (the default): requests leave at a constant arrival rate whether or not earlier ones
 * finished (k6's constant-arrival-rate); `closed`: each connection sends its next request when its last one ends
 * (k6's constant-vus, autocannon, wrk).
 */
export const LOAD_MODELS = ['open', 'closed'] as const;

export type LoadModelName = (typeof LOAD_MODELS)[number];
