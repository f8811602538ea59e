/**
 * Subscribes a handler to interrupts; returns the unsubscribe function. The handler gets the count of interrupts
 * so far: 1 = stop gracefully, 2 = abort.
 */
export type InterruptSource = (handler: (count: number) => void) => () => void;

/**
 * The signals that stop a run or a load gracefully. SIGHUP (the terminal closed, the ssh session dropped) too:
 * its default action would kill the process on the spot, writing nothing and leaving the replicas running.
 */
const INTERRUPTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** SIGINT, SIGTERM and SIGHUP sent to this process, counted per subscription. */
export const processInterrupts: InterruptSource = (handler) => {
  let count = 0;
  const listener = () => handler(++count);
  for (const signal of INTERRUPTS) process.on(signal, listener);
  return () => {
    for (const signal of INTERRUPTS) process.off(signal, listener);
  };
};

/** What an interrupt can end: a load (`startLoad`), a run (`startRun`, `startCapacityRun`). */
export interface Stoppable<T> {
  readonly done: Promise<T>;
  /** Graceful: requests in flight finish, the run cleans up and writes what it measured. */
  stop(): void;
  /** Also abandons requests in flight; cleanup still runs. */
  abort(): void;
}

/**
 * Awaits `run` with Ctrl-C (or SIGTERM, SIGHUP) wired to it: the first interrupt stops it gracefully, the second
 * aborts it. `onInterrupt` hears each first (to stop a progress line, say why it waits).
 */
export async function superviseInterrupts<T>(
  interrupts: InterruptSource,
  run: Stoppable<T>,
  onInterrupt: (count: number) => void = () => {},
): Promise<T> {
  const unsubscribe = interrupts((count) => {
    onInterrupt(count);
    if (count === 1) run.stop();
    else run.abort();
  });
  try {
    return await run.done;
  } finally {
    unsubscribe();
  }
}
