import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of the API server on loopback, to break a client's connections on command: `cut()` drops
 * every open connection (a watch broken mid-stream), `refuse(true)` drops new ones at once (the server gone),
 * `hang(true)` accepts new ones and never answers (a hung server), `hold()` stops passing on what the server sends
 * on the connections open now until the client sends on them again (a watch that has gone quiet) while others work. TLS passes through untouched, so the client
 * still talks to the real server.
 */
export interface TcpRelay {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(): void;
  refuse(refusing: boolean): void;
  hang(hanging: boolean): void;
  hold(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const open = new Set<Socket>();
  /** Each upstream connection with its client: what `hold()` stops. */
  const upstreams = new Map<Socket, Socket>();
  let refusing = false;
  let hanging = false;
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    if (refusing) {
      client.destroy();
      return;
    }
    if (hanging) {
      open.add(client);
      client.on('close', () => open.delete(client));
      client.on('error', () => client.destroy());
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    upstreams.set(upstream, client);
    upstream.on('close', () => upstreams.delete(upstream));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  const cut = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cut,
    refuse: (value) => {
      refusing = value;
    },
    hang: (value) => {
      hanging = value;
    },
    hold: () => {
      for (const [upstream, client] of upstreams) {
        upstream.unpipe(client);
        upstream.pause();
        // A request on a kept-alive connection lets it go: only streams the client just listens to stay held.
        client.once('data', () => {
          upstream.pipe(client);
          upstream.resume();
        });
      }
    },
    close: () =>
      new Promise<void>((closed) => {
        cut();
        server.close(() => closed());
      }),
  };
}
