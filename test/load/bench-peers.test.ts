import { describe, expect, it } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript with JSDoc types, outside the compiled sources
import { parseH2load, parseHey } from '../../bench/lib/tools.js';

// Outputs captured from hey 0.1.4 and h2load 1.52 (Debian bookworm) against a loopback target.
const heyOutput = `
Summary:
  Total:\t1.0048 secs
  Slowest:\t0.0041 secs
  Requests/sec:\t9.9522

Latency distribution:
  10% in 0.0006 secs
  50% in 0.0011 secs
  99% in 0.0041 secs

Status code distribution:
  [200]\t8 responses
  [503]\t2 responses

Error distribution:
  [3]\tGet "http://127.0.0.1:9/": dial tcp 127.0.0.1:9: connect: connection refused
`;

const h2loadOutput = `
finished in 1.00s, 10.00 req/s, 1.22KB/s
requests: 12 total, 12 started, 10 done, 9 succeeded, 1 failed, 1 errored, 0 timeout
status codes: 9 2xx, 0 3xx, 0 4xx, 1 5xx
`;

describe('bench peers: what hey and h2load print, read back', () => {
  it('hey: every response and every error counted, percentiles in ms', () => {
    const parsed = parseHey(heyOutput);
    expect(parsed).toMatchObject({ requests: 13, extra: { responses: 10, errors: 3 } });
    expect(parsed.durationMs).toBeCloseTo(1004.8, 6);
    expect(parsed.rps).toBeCloseTo((13 * 1000) / 1004.8, 6);
    expect(parsed.p50Ms).toBeCloseTo(1.1, 6);
    expect(parsed.p99Ms).toBeCloseTo(4.1, 6);
  });

  it('h2load: the requests done, over its own duration', () => {
    expect(parseH2load(h2loadOutput)).toEqual({
      requests: 10,
      durationMs: 1000,
      rps: 10,
      extra: { started: 12, succeeded: 9, failed: 1, errored: 1 },
    });
  });

  it('refuses output it cannot read rather than reporting zeros', () => {
    expect(() => parseHey('Error: connection refused')).toThrow('could not parse hey output');
    expect(() => parseH2load('')).toThrow('could not parse h2load output');
  });
});
