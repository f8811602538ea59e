import type { Socket } from 'node:net';
import { buildConnector } from 'undici';

/** A spare socket older than this is closed instead of used: it may have outlived the target's keep-alive timeout. */
const SPARE_MAX_AGE_MS = 1000;

interface Spare {
  socket: Socket;
  openedMs: number;
  dead: boolean;
  onGone: () => void;
}

/**
 * Connections opened before the load's clock starts, handed to undici's pool as it asks for them.
 *
 * undici opens a connection only when a request is waiting for one, so without this the first sends of a load
 * queue inside the pool while their connections open — measured here at 13–38 ms for a cold process's first
 * connection, invisible to the late-send counter. Through the pool's `connect` hook the first connections come
 * from here, already open; any further ones (and any spare that died or grew old) are opened as undici would.
 */
export class SpareSockets {
  readonly #connect: buildConnector.connector;
  readonly #spares: Spare[] = [];
  #closed = false;

  constructor(options: { connectTimeoutMs: number }) {
    this.#connect = buildConnector({ timeout: options.connectTimeoutMs });
  }

  /** The pool's `connect` option: a spare if one is alive and young, else a new connection. */
  readonly connect: buildConnector.connector = (options, callback) => {
    for (let spare = this.#spares.pop(); spare !== undefined; spare = this.#spares.pop()) {
      this.#release(spare);
      if (!spare.dead && performance.now() - spare.openedMs <= SPARE_MAX_AGE_MS) {
        // Never synchronously: undici calls the hook from inside its dispatch loop and, called back at once,
        // re-enters it — the request was never written and every load timed out (last session's hang).
        const { socket } = spare;
        queueMicrotask(() => callback(null, socket));
        return;
      }
      spare.socket.destroy();
    }
    this.#connect(options, callback);
  };

  /**
   * Opens `count` connections to `url`'s origin at once and resolves when each has opened or failed (a failure is
   * left for the load to meet and count). Bounded by the connect timeout.
   */
  async open(url: URL, count: number): Promise<void> {
    const options: buildConnector.Options = {
      host: url.host,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      protocol: url.protocol,
      port: url.port,
    };
    await Promise.all(
      Array.from(
        { length: count },
        () =>
          new Promise<void>((resolve) => {
            this.#connect(options, (err, socket) => {
              if (err === null) this.#keep(socket);
              resolve();
            });
          }),
      ),
    );
  }

  /** Closes the spares nobody took, and any that open from now on. */
  close(): void {
    this.#closed = true;
    for (const spare of this.#spares.splice(0)) {
      this.#release(spare);
      spare.socket.destroy();
    }
  }

  #keep(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    const spare: Spare = { socket, openedMs: performance.now(), dead: false, onGone: () => {} };
    spare.onGone = () => {
      spare.dead = true;
    };
    // Until undici takes it, a spare the target closes (or that fails) is marked dead, its error swallowed.
    socket.on('error', spare.onGone).on('end', spare.onGone).on('close', spare.onGone);
    this.#spares.push(spare);
  }

  #release(spare: Spare): void {
    spare.socket.off('error', spare.onGone).off('end', spare.onGone).off('close', spare.onGone);
  }
}
