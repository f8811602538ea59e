// `npm start`: a short, self-contained demo of `rollbench load` against the built-in sample app.
// Starts `rollbench sample-app` on a free loopback port, sends 500 rps at it for 5 s, prints the summary,
// and stops the app in every exit path.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/rollbench.js', import.meta.url));
const app = spawn(process.execPath, [bin, 'sample-app', '--port', '0', '--name', 'demo-1', '--cpu', '0.2ms'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stopApp = () => app.exitCode === null && app.kill('SIGTERM');
process.on('exit', stopApp);

const url = await new Promise((resolve, reject) => {
  let seen = '';
  app.stdout.on('data', (chunk) => {
    seen += chunk;
    const match = /listening on (\S+)/.exec(seen);
    if (match) resolve(match[1]);
  });
  app.once('exit', (code) => reject(new Error(`sample app exited early (code ${code})`)));
});

console.log(`Sample app (built-in target) listening on ${url}\n$ rollbench load ${url}/ --rate 500 --duration 5s\n`);
const load = spawn(process.execPath, [bin, 'load', `${url}/`, '--rate', '500', '--duration', '5s'], {
  stdio: 'inherit',
});
// Ctrl-C reaches both children (same process group); the load stops gracefully and still prints.
process.on('SIGINT', () => {});
const [code] = await once(load, 'exit');
stopApp();
console.log('\nNext: `rollbench load --help` for every option; `--json result.json` keeps the histograms.');
process.exitCode = code ?? 1;
