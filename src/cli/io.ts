import { type InterruptSource, processInterrupts } from '../run/interrupts.js';

/** Process state the commands use, injected so tests can run them in-process. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Current working directory, for resolving relative paths. */
  cwd: string;
  /** SIGINT/SIGTERM/SIGHUP (1 = stop gracefully, 2 = abort). */
  onInterrupt: InterruptSource;
}

let terminalGone = false;

/**
 * Once the terminal has gone, writing to it fails (EIO; EPIPE when a pipe's reader went away). Unheard, such an
 * error would end rollbench before it stops the load and writes the result: ignore it, nobody is reading.
 * Node 20 also aborts at exit (core dump) when it cannot restore a vanished terminal's mode (ResetStdio asserts
 * on tcsetattr's EIO), so such a process ends the way a hang-up ends one by default: killed by SIGHUP (status
 * 129), after everything has been written and stopped — the 'exit' listener runs after those registered earlier.
 */
function survivePeerGone(stream: NodeJS.WritableStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EIO' && !terminalGone) {
      terminalGone = true;
      process.once('exit', () => {
        process.removeAllListeners('SIGHUP');
        process.kill(process.pid, 'SIGHUP');
      });
    } else if (err.code !== 'EIO' && err.code !== 'EPIPE') {
      throw err;
    }
  });
}

/** The real process. */
export function processIo(): CliIo {
  survivePeerGone(process.stdout);
  survivePeerGone(process.stderr);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    onInterrupt: processInterrupts,
  };
}
