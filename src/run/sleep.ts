/**
 * Resolves after `ms` (immediately if ≤ 0); rejects with the signal's reason when it aborts first — also when it
 * already has: a rejection, never a synchronous throw, so that `sleep(…).catch(…)` always catches.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Resolves once performance.now() ≥ `atMs`. Timers are scheduled in whole milliseconds and may fire a fraction
 * of one early by this clock; an action planned "at 5s" must not start at 4999.4 ms and land in the wrong bucket.
 */
export async function sleepUntil(atMs: number, signal: AbortSignal): Promise<void> {
  for (let remaining = atMs - performance.now(); remaining > 0; remaining = atMs - performance.now()) {
    await sleep(Math.ceil(remaining), signal);
  }
  signal.throwIfAborted();
}
