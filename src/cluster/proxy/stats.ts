import type { EndpointStats } from './types.js';

/** Per endpoint name, counters that outlive the endpoint's removal so that a report can still attribute its traffic. */
export class StatsBook {
  readonly #byName = new Map<string, EndpointStats>();

  /** The live counters of `name`, created at zero on first use. Hold on to them: the hot path increments in place. */
  of(name: string): EndpointStats {
    let counters = this.#byName.get(name);
    if (counters === undefined) {
      counters = { requests: 0, connections: 0, errors: 0 };
      this.#byName.set(name, counters);
    }
    return counters;
  }

  snapshot(): Record<string, EndpointStats> {
    const copy: Record<string, EndpointStats> = {};
    for (const [name, counters] of this.#byName) copy[name] = { ...counters };
    return copy;
  }
}
