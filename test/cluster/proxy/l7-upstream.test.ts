import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Fixture, send, sleep } from './helpers.js';

// How the l7 proxy's upstream side frames and reuses connections, against raw upstreams that answer exactly as
// written: both upstream clients must behave the same.
let fx = new Fixture();
afterEach(async () => {
  await fx.close();
  fx = new Fixture();
});

/**
 * A raw HTTP upstream: `answer(n, socket)` is called with the n-th request (1-based, over all connections) once its
 * head has arrived, and writes whatever it likes. Counts connections.
 */
async function rawUpstream(
  answer: (n: number, socket: Socket) => void,
): Promise<{ port: number; connections: () => number }> {
  let requests = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        pending = pending.slice(end + 4);
        requests += 1;
        answer(requests, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fx.onClose(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, connections: () => connections };
}

const OK = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok';

describe('l7 proxy upstream framing', () => {
  it('passes a chunked response on whole, and reuses the connection after it', async () => {
    const upstream = await rawUpstream((_n, socket) =>
      socket.write(
        'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nx-rollbench-pod: c\r\n\r\n' +
          '5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\ntrailer: yes\r\n\r\n',
      ),
    );
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('c', upstream.port);
    const client = fx.client(proxy.url);
    for (let i = 0; i < 3; i++)
      expect(await send(client)).toMatchObject({ outcome: '200', pod: 'c', body: 'hello, world' });
    expect(upstream.connections()).toBe(1);
  });

  it('passes on a response without content-length that ends at the close, then opens a new connection', async () => {
    const upstream = await rawUpstream((n, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nx-rollbench-pod: u\r\n\r\nuntil the close ${n}`);
      setTimeout(() => socket.end(), 20);
    });
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('u', upstream.port);
    const client = fx.client(proxy.url);
    expect(await send(client)).toMatchObject({ outcome: '200', pod: 'u', body: 'until the close 1' });
    expect(await send(client)).toMatchObject({ outcome: '200', pod: 'u', body: 'until the close 2' });
    expect(upstream.connections()).toBe(2);
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toEqual([]);
  });

  it('fails with 502, without a retry, a request sent on a kept-alive connection the upstream closes unread', async () => {
    // The race of an upstream closing an idle keep-alive connection just as the next request arrives: it closes
    // with the request unread, which sends an RST.
    const upstream = await rawUpstream((n, socket) => {
      if (n === 1) socket.write(OK);
      else socket.resetAndDestroy();
    });
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('k', upstream.port);
    const client = fx.client(proxy.url);
    expect(await send(client)).toMatchObject({ outcome: '200' });
    const reply = await send(client);
    expect(reply).toMatchObject({ outcome: '502', upstream: 'k' });
    expect(reply.body).toMatch(/^upstream k failed \((ECONNRESET|UND_ERR_SOCKET|EPIPE)\)\n$/);
    expect(upstream.connections()).toBe(1);
    expect(fx.events.filter((e) => e.type === 'upstream-error')).toMatchObject([{ endpoint: 'k', outcome: '502' }]);
    // The next request gets a new connection.
    expect(await send(client)).toMatchObject({ outcome: '502' }); // the upstream resets every request after the first
    expect(upstream.connections()).toBe(2);
  });

  it('answers 502 to a response head it cannot pass on, and goes on serving', async () => {
    // A control character in a header value: Node refuses to write it to the client.
    const upstream = await rawUpstream((n, socket) =>
      socket.write(n === 1 ? 'HTTP/1.1 200 OK\r\nx-bad: a\u0001b\r\ncontent-length: 2\r\n\r\nok' : OK),
    );
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('h', upstream.port);
    const client = fx.client(proxy.url);
    expect(await send(client)).toMatchObject({ outcome: '502', upstream: 'h' });
    expect(await send(client)).toMatchObject({ outcome: '200', body: 'ok' });
  });

  it('gives up an idle connection before the keep-alive timeout the upstream announced', async () => {
    // `timeout=3`: kept at most 3 s - 2 s = 1 s idle, as undici does.
    const upstream = await rawUpstream((_n, socket) =>
      socket.write('HTTP/1.1 200 OK\r\nkeep-alive: timeout=3\r\ncontent-length: 2\r\n\r\nok'),
    );
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('i', upstream.port);
    const client = fx.client(proxy.url);
    expect(await send(client)).toMatchObject({ outcome: '200' });
    expect(await send(client)).toMatchObject({ outcome: '200' });
    expect(upstream.connections()).toBe(1);
    // Idle 2.5 s: past the 1 s the proxy keeps it (with 1.5 s for a loaded machine's late timer), before the 3 s.
    await sleep(2_500);
    expect(await send(client)).toMatchObject({ outcome: '200' });
    expect(upstream.connections()).toBe(2);
  });

  it('holds the upstream back while a client does not read (backpressure), then delivers every byte', async () => {
    const totalBytes = 64 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 'x');
    let writtenBytes = 0;
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-length': totalBytes });
      const more = () => {
        while (writtenBytes < totalBytes) {
          writtenBytes += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fx.onClose(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const proxy = await fx.proxy({ propagationDelayMs: 0 });
    proxy.addEndpoint('big', (server.address() as AddressInfo).port);

    const client = connect({ host: '127.0.0.1', port: proxy.port });
    fx.onClose(async () => void client.destroy());
    client.pause();
    client.write('GET / HTTP/1.1\r\nhost: proxy\r\n\r\n');
    await sleep(1_000);
    // Socket buffers on three hops hold a few MiB each at most; without backpressure all 64 MiB would have gone.
    expect(writtenBytes).toBeLessThan(totalBytes / 2);
    let receivedBytes = 0;
    await new Promise<void>((resolve) => {
      client.on('data', (chunk: Buffer) => {
        receivedBytes += chunk.length;
        if (receivedBytes >= totalBytes) resolve();
      });
      client.resume();
    });
    expect(writtenBytes).toBe(totalBytes);
    expect(receivedBytes).toBeGreaterThanOrEqual(totalBytes); // the body and its head
  });
});
