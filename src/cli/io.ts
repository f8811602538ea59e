/** Process state the commands use, injected so tests can run them in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Current working directory, for resolving relative paths. */
  cwd: string;
  /**
   * Subscribes to SIGINT/SIGTERM; returns the unsubscribe function. The handler gets the count of
   * interrupts so far (1 = stop gracefully, 2 = abort).
   */
  onInterrupt(handler: (count: number) => void): () => void;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    onInterrupt(handler) {
      let count = 0;
      const listener = () => handler(++count);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}
