import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollbench } from '../support/cli.js';

describe('rollbench sample-app', () => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((listening) => busy.listen(0, '127.0.0.1', listening));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => {
    busy.close();
  });

  it('on a port in use: exit 2 and one line naming the port and what to do, then its code', async () => {
    const ran = await rollbench(['sample-app', '--port', String(port)]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      `rollbench: port ${port} on 127.0.0.1 is already in use: stop what listens there, or choose another --port ` +
        '(0 picks a free one)\ncode: USAGE\n',
    );
  });

  it('--help says so', async () => {
    const ran = await rollbench(['sample-app', '--help']);
    expect(ran.stdout.replace(/\s+/g, ' ')).toContain('Exit 2 when it cannot listen: the port is in use');
  });
});
