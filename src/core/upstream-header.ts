/** The header on the l7 proxy's own 502 / 504 answers naming the endpoint (pod) it tried. */
export const UPSTREAM_HEADER = 'x-rollbench-upstream';
