import { get } from 'node:http';
import { connect } from 'node:net';

/** When and how often a probe runs, and how many results in a row flip it, as Kubernetes defines them (ms). */
export interface ProbeTiming {
  periodMs: number;
  timeoutMs: number;
  initialDelayMs: number;
  /** Consecutive successes needed to become ready. */
  successThreshold: number;
  /** Consecutive failures needed to become not ready. */
  failureThreshold: number;
}

/** One probe attempt: true for success. */
export type ProbeCheck = () => Promise<boolean>;

/**
 * One httpGet probe, as the kubelet does it: a fresh connection, success for a 2xx/3xx status within the
 * timeout, anything else (refused, reset, timeout, 4xx/5xx) is a failure.
 */
export function probeOnce(port: number, path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      resolve(status >= 200 && status < 400);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/** One tcpSocket probe: success when a connection opens within the timeout (and is closed at once). */
export function tcpProbeOnce(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: timeoutMs }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}

/**
 * Runs a probe every period and reports when its result changes, counting consecutive results against the
 * thresholds like the kubelet's probe worker: a result takes effect only after `successThreshold` successes or
 * `failureThreshold` failures in a row. The result it starts from is the kubelet's: failure for readiness (not
 * ready until proven), success for liveness, unknown for startup (either outcome is a change). `onResult` hears
 * every attempt (the kubelet's `Unhealthy` events).
 */
export class Prober {
  #timer: NodeJS.Timeout | undefined;
  #successes = 0;
  #failures = 0;
  #result: boolean | undefined;
  #inFlight = false;

  constructor(
    private readonly check: ProbeCheck,
    private readonly timing: ProbeTiming,
    initial: boolean | undefined,
    private readonly onChange: (ok: boolean) => void,
    private readonly onResult: (ok: boolean) => void = () => {},
  ) {
    this.#result = initial;
  }

  start(): void {
    this.#timer = setTimeout(() => {
      this.#timer = setInterval(() => void this.#probe(), this.timing.periodMs);
      void this.#probe();
    }, this.timing.initialDelayMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #probe(): Promise<void> {
    if (this.#inFlight) return; // a probe slower than the period: skip a beat rather than pile up
    this.#inFlight = true;
    const ok = await this.check();
    this.#inFlight = false;
    if (this.#timer === undefined) return;
    this.onResult(ok);
    if (ok) {
      this.#failures = 0;
      this.#successes++;
      if (this.#result !== true && this.#successes >= this.timing.successThreshold) this.#change(true);
    } else {
      this.#successes = 0;
      this.#failures++;
      if (this.#result !== false && this.#failures >= this.timing.failureThreshold) this.#change(false);
    }
  }

  #change(ok: boolean): void {
    this.#result = ok;
    this.onChange(ok);
  }
}
