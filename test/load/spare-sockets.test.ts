import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SpareSockets } from '../../src/load/spare-sockets.js';
import { until } from '../support/until.js';

let server: Server | undefined;
const accepted: Socket[] = [];
afterEach(async () => {
  for (const socket of accepted.splice(0)) socket.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(): Promise<URL> {
  server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
}

const connectOptions = (url: URL) => ({
  hostname: url.hostname,
  host: url.host,
  protocol: url.protocol,
  port: url.port,
});

/** Spares for a new listening server, once it has accepted all `count` of them. */
async function opened(count: number): Promise<{ url: URL; spares: SpareSockets }> {
  const url = await listen();
  const spares = new SpareSockets({ connectTimeoutMs: 2000 });
  await spares.open(url, count);
  await until(() => accepted.length === count);
  return { url, spares };
}

/** A socket from the pool's connect hook. */
function take(spares: SpareSockets, url: URL): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) =>
    spares.connect(connectOptions(url), (err, socket) => (err ? reject(err) : resolve(socket))),
  );
}

describe('SpareSockets: connections opened before the load, handed to the pool', () => {
  it('opens the connections up front and hands them out — never from inside the call (that re-entered undici: a hang)', async () => {
    const { url, spares } = await opened(3);
    let calledBack = false;
    const handed = new Promise<Socket>((resolve, reject) =>
      spares.connect(connectOptions(url), (err, socket) => {
        calledBack = true;
        if (err) reject(err);
        else resolve(socket);
      }),
    );
    expect(calledBack).toBe(false);
    const socket = await handed;
    expect(socket.destroyed).toBe(false);
    expect(accepted).toHaveLength(3); // a spare, not a new connection
    socket.destroy();
    spares.close();
  });

  it('a spare the target closed is not handed out: a new connection is made instead', async () => {
    const { url, spares } = await opened(1);
    accepted[0]?.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const socket = await take(spares, url);
    await until(() => accepted.length === 2);
    socket.destroy();
    spares.close();
  });

  it('close() closes the spares nobody took', async () => {
    const { spares } = await opened(2);
    const closed = Promise.all(accepted.map((socket) => new Promise((resolve) => socket.on('close', resolve))));
    spares.close();
    await closed;
    expect(accepted.every((socket) => socket.destroyed)).toBe(true);
  });
});
