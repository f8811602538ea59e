// Registry of every child process the bench starts, so each one is stopped by its PID (or by the process group
// it leads) on every exit path: normal end, thrown error, SIGINT/SIGTERM.

/**
 * @typedef {object} Tracked
 * @property {import('node:child_process').ChildProcess} child
 * @property {boolean} group   child was spawned detached and leads its own process group (kill -PID)
 * @property {NodeJS.Signals} signal   first, polite stop signal (nginx: SIGQUIT)
 * @property {Promise<void>} exited
 */

/** @type {Map<number, Tracked>} */
const live = new Map();
let stopping = false;

/** @returns {boolean} true once SIGINT/SIGTERM cleanup has begun: start nothing new */
export function isStopping() {
  return stopping;
}

/**
 * @param {number} pid
 * @param {boolean} group
 * @param {NodeJS.Signals} signal
 */
function send(pid, group, signal) {
  try {
    process.kill(group ? -pid : pid, signal);
  } catch {
    // ESRCH: already gone
  }
}

/**
 * Track a freshly spawned child until it exits.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ group?: boolean, signal?: NodeJS.Signals }} [opts]
 * @returns {Promise<void>} resolves when the child has exited
 */
export function track(child, { group = false, signal = 'SIGTERM' } = {}) {
  const pid = child.pid;
  /** @type {Promise<void>} */
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
  if (pid === undefined) return exited;
  live.set(pid, { child, group, signal, exited });
  exited.then(() => live.delete(pid));
  if (stopping) stop(child, 3000); // started while shutting down: stop it right away
  return exited;
}

/**
 * Stop one tracked child: polite signal, then SIGTERM, then SIGKILL, waiting `graceMs` between steps.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} [graceMs]
 */
export async function stop(child, graceMs = 5000) {
  const pid = child.pid;
  const t = pid === undefined ? undefined : live.get(pid);
  if (!t || pid === undefined) return;
  /** @type {NodeJS.Signals[]} */
  const steps = [t.signal, 'SIGTERM', 'SIGKILL'];
  for (const sig of steps) {
    send(pid, t.group, sig);
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const done = await Promise.race([
      t.exited.then(() => true),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (done) {
      // a detached group may still hold grandchildren (e.g. `time` exited but its tool did not): sweep it
      if (t.group) send(pid, true, 'SIGKILL');
      return;
    }
  }
}

/** Stop every child still running, in parallel (repeat until none is left). */
export async function stopAll() {
  while (live.size > 0) await Promise.all([...live.values()].map((t) => stop(t.child, 3000)));
}

/** Last-resort synchronous sweep when the process exits without having run stopAll(). */
function killAllSync() {
  for (const [pid, t] of live) send(pid, t.group, 'SIGKILL');
}

let installed = false;

/** Stop all children on SIGINT/SIGTERM (exit 130/143) and kill leftovers on any exit. */
export function installExitHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', killAllSync);
  for (const [sig, code] of /** @type {const} */ ([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])) {
    process.once(sig, () => {
      stopping = true;
      process.stderr.write(`\n[bench] ${sig}: stopping ${live.size} child process(es)…\n`);
      // a second Ctrl-C during cleanup forces an immediate exit (the 'exit' hook still SIGKILLs by PID)
      process.once(sig, () => process.exit(code));
      stopAll().finally(() => process.exit(code));
    });
  }
}
