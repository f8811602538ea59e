import { get } from 'node:http';

/** A readiness probe as Kubernetes defines it (httpGet), with times in ms. */
export interface ProbeSpec {
  path: string;
  periodMs: number;
  timeoutMs: number;
  initialDelayMs: number;
  /** Consecutive successes needed to become ready. */
  successThreshold: number;
  /** Consecutive failures needed to become not ready. */
  failureThreshold: number;
}

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

/**
 * Runs a probe every period and reports transitions between ready and not ready, counting consecutive
 * results against the thresholds like the kubelet.
 */
export class ReadinessProber {
  #timer: NodeJS.Timeout | undefined;
  #successes = 0;
  #failures = 0;
  #ready = false;
  #inFlight = false;

  constructor(
    private readonly port: number,
    private readonly spec: ProbeSpec,
    private readonly onChange: (ready: boolean) => void,
  ) {}

  start(): void {
    this.#timer = setTimeout(() => {
      this.#timer = setInterval(() => void this.#probe(), this.spec.periodMs);
      void this.#probe();
    }, this.spec.initialDelayMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #probe(): Promise<void> {
    if (this.#inFlight) return; // a probe slower than the period: skip a beat rather than pile up
    this.#inFlight = true;
    const ok = await probeOnce(this.port, this.spec.path, this.spec.timeoutMs);
    this.#inFlight = false;
    if (this.#timer === undefined) return;
    if (ok) {
      this.#failures = 0;
      this.#successes++;
      if (!this.#ready && this.#successes >= this.spec.successThreshold) this.#flip(true);
    } else {
      this.#successes = 0;
      this.#failures++;
      if (this.#ready && this.#failures >= this.spec.failureThreshold) this.#flip(false);
    }
  }

  #flip(ready: boolean): void {
    this.#ready = ready;
    this.onChange(ready);
  }
}
