// Start/stop the HTTP targets: nginx (if installed) or a Node child process for the closed model, and the
// arrival-counting Node target for the open model. Every target is stopped by its PID.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stop, track } from './procs.js';
import { tmpPath } from './tmp.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/**
 * @typedef {object} Target
 * @property {'nginx' | 'node' | 'arrival'} kind
 * @property {string} url        e.g. http://127.0.0.1:41234/
 * @property {number} pid
 * @property {string} describe   one-line human description
 * @property {() => Promise<void>} stop
 */

/** @param {string} bin */
export function which(bin) {
  try {
    return execFileSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** @returns {Promise<number>} a port that was free a moment ago on 127.0.0.1 */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 */
async function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('target exited during startup');
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`target did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/**
 * Start a Node target script that prints `listening <port>` and exits when its stdin closes.
 * @param {string} script path
 * @param {'node' | 'arrival'} kind
 * @returns {Promise<Target>}
 */
async function startNodeScript(script, kind) {
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'inherit'] });
  track(child);
  try {
    const port = await new Promise((resolve, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`${kind} target did not start within 10 s`)), 10_000);
      child.once('exit', (code) => reject(new Error(`${kind} target exited during startup (code ${code})`)));
      child.stdout?.setEncoding('utf8').on('data', (d) => {
        buf += d;
        const m = /listening (\d+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    return {
      kind,
      url: `http://127.0.0.1:${port}/`,
      pid: /** @type {number} */ (child.pid),
      describe: `${kind === 'node' ? 'node:http target' : 'arrival-counting node:http target'} (pid ${child.pid}, Node ${process.version}, 127.0.0.1:${port})`,
      stop: () => stop(child),
    };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

/** @returns {Promise<Target>} */
export function startNodeTarget() {
  return startNodeScript(join(HERE, '../targets/node-target.js'), 'node');
}

/** @returns {Promise<Target>} */
export function startArrivalTarget() {
  return startNodeScript(join(HERE, '../targets/arrival-target.js'), 'arrival');
}

/**
 * @param {string} nginxBin
 * @returns {Promise<Target>}
 */
export async function startNginx(nginxBin) {
  const prefix = join(await tmpPath(), 'nginx');
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs'])
    await mkdir(join(prefix, d), { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    `worker_processes 1;
daemon off;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'logs/error.log')};
events {}
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${join(prefix, 'body')};
  proxy_temp_path ${join(prefix, 'proxy')};
  fastcgi_temp_path ${join(prefix, 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'uwsgi')};
  scgi_temp_path ${join(prefix, 'scgi')};
  server {
    listen 127.0.0.1:${port};
    location / { return 200 "ok\\n"; }
  }
}
`,
  );
  // -e: early error log before the config is read (the default /var/log path may not be writable)
  const child = spawn(nginxBin, ['-p', prefix, '-e', join(prefix, 'logs/error.log'), '-c', conf], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // SIGQUIT = graceful shutdown of master and worker; escalation to SIGTERM/SIGKILL of the group if it hangs
  track(child, { group: true, signal: 'SIGQUIT' });
  try {
    await waitForPort(port, child, 10_000);
  } catch (err) {
    await stop(child);
    throw err;
  }
  return {
    kind: 'nginx',
    url: `http://127.0.0.1:${port}/`,
    pid: /** @type {number} */ (child.pid),
    describe: `nginx ${nginxVersion(nginxBin)} (pid ${child.pid}, worker_processes 1, 127.0.0.1:${port})`,
    stop: () => stop(child),
  };
}

/** @param {string} bin */
function nginxVersion(bin) {
  // nginx -v prints to stderr
  const r = spawnSync(bin, ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(`${r.stderr}${r.stdout}`)?.[1] ?? '?';
}

/**
 * Closed-model target: BENCH_TARGET=nginx|node, default nginx when the binary exists.
 * @param {'nginx' | 'node' | undefined} wanted
 * @returns {Promise<{ target: Target, note: string }>}
 */
export async function startClosedTarget(wanted) {
  const nginxBin = which('nginx');
  if (wanted === 'node') return { target: await startNodeTarget(), note: 'BENCH_TARGET=node' };
  if (nginxBin)
    return { target: await startNginx(nginxBin), note: wanted ? 'BENCH_TARGET=nginx' : 'nginx found on PATH' };
  const note =
    wanted === 'nginx'
      ? 'BENCH_TARGET=nginx but nginx is not installed (apt-get install nginx-light): using the node target'
      : 'nginx not installed (apt-get install nginx-light): using the node target';
  return { target: await startNodeTarget(), note };
}
