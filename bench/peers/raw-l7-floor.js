// The floor of a leaner l7 path than node:http + undici: a per-request forwarder over raw sockets. Each request head
// read from a client goes, round-robin, to an idle upstream connection (opened on demand, kept alive), and the
// response goes back once its head and content-length body have arrived. Only what the bench sends: GET without a
// body, responses with content-length, no errors handled. Not a proxy anyone should use: a measure of what the
// HTTP machinery costs on top of the same reads and writes.
// Usage: node bench/peers/raw-l7-floor.js <port,port,...>   prints "port <n>"; stops when standard input closes.
import net from 'node:net';

const upstreamPorts = (process.argv[2] ?? '').split(',').map(Number);
/** @type {net.Socket[][]} */
const idle = upstreamPorts.map(() => []);
let next = 0;
setTimeout(() => process.exit(1), 600_000).unref();

/** @param {net.Socket} client @param {string} head */
function forward(client, head) {
  const index = next++ % upstreamPorts.length;
  const upstream = idle[index]?.pop() ?? net.connect({ host: '127.0.0.1', port: upstreamPorts[index] ?? 0 });
  upstream.setNoDelay(true);
  /** @type {Buffer | undefined} */
  let response;
  let expectedBytes = -1;
  /** @param {Buffer} chunk */
  const onData = (chunk) => {
    response = response === undefined ? chunk : Buffer.concat([response, chunk]);
    if (expectedBytes < 0) {
      const end = response.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /content-length: *(\d+)/i.exec(response.toString('latin1', 0, end))?.[1] ?? '0';
      expectedBytes = end + 4 + Number(length);
    }
    if (response.length < expectedBytes) return;
    upstream.off('data', onData);
    idle[index]?.push(upstream);
    client.write(response);
  };
  upstream.on('data', onData);
  upstream.write(head, 'latin1');
}

const server = net.createServer({ noDelay: true }, (client) => {
  let pending = '';
  client.on('data', (chunk) => {
    pending += chunk.toString('latin1');
    for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
      forward(client, pending.slice(0, end + 4));
      pending = pending.slice(end + 4);
    }
  });
  client.on('error', () => client.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port ${typeof address === 'object' && address !== null ? address.port : 0}\n`);
});
process.stdin.on('end', () => process.exit(0)).resume();
