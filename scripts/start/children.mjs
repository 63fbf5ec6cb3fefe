// Child processes and the one way everything stops. This module owns the set of running children
// and whether a shutdown has begun; others read that through isStopping(). Stopping is triggered
// by Ctrl-C / SIGTERM / SIGHUP, by a service that dies on its own and is not restarted (see
// supervise.mjs), by a failed start, or by --check once everything is ready, and it always ends
// the process.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { SERVICE_NODE_FLAGS } from '@joo/service-list';
import { delay } from './delay.mjs';
import { ConfigError, Stopped } from './errors.mjs';
import { log, makePrefix, warn } from './output.mjs';

const STOP_GRACE_MS = 10_000;

/** @type {Set<{label: string, rank: number, proc: import('node:child_process').ChildProcess, kind: 'task'|'service', done: Promise<{code: number|null, signal: string|null}>, exited: boolean, forced: boolean, result?: {code: number|null, signal: string|null}}>} */
const children = new Set();
let stopping = false;
// Start order, for stopping in reverse; a restarted service keeps the place it first had.
let lastRank = 0;
let shutdownPromise = null;
// --check promises a clean stop, so there an unclean one turns exit 0 into 1.
let failIfUnclean = false;

/** A place in the start order, for a service that will be started again (see supervise.mjs). */
export function takeRank() {
  return ++lastRank;
}

export function isStopping() {
  return stopping;
}

/**
 * onUnexpectedExit(result, uptimeMs): called when a service exits while nothing is stopping;
 * without it, that exit stops everything.
 */
export function spawnChild(label, script, { cwd, env, kind, onUnexpectedExit, rank = takeRank() }) {
  const startedAt = Date.now();
  const flags = kind === 'service' ? SERVICE_NODE_FLAGS : [];
  const proc = spawn(process.execPath, [...flags, script], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this orchestrator, which then stops the
    // children in order and waits for them.
    detached: true,
  });
  const prefix = makePrefix(label);
  const child = { label, proc, kind, rank, exited: false, forced: false, done: null, result: undefined };
  const pipes = [];
  for (const [stream, target] of [[proc.stdout, process.stdout], [proc.stderr, process.stderr]]) {
    const rl = readline.createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (line) => target.write(prefix + line + '\n'));
    pipes.push(new Promise((resolve) => rl.once('close', resolve)));
  }
  child.done = new Promise((resolve) => {
    let settled = false;
    const settle = (result) => {
      if (settled) return;
      settled = true;
      child.exited = true;
      child.result = result;
      // let the last lines of output through before reporting the exit
      Promise.race([Promise.all(pipes), delay(500)]).then(() => resolve(result));
    };
    proc.once('error', (err) => {
      warn(`${label}: could not start: ${err.message}`);
      settle({ code: 127, signal: null });
    });
    proc.once('exit', (code, signal) => settle({ code, signal }));
  });
  children.add(child);
  child.done.then((result) => {
    children.delete(child);
    if (kind !== 'service' || stopping) return;
    if (onUnexpectedExit) onUnexpectedExit(result, Date.now() - startedAt);
    else void shutdown(1, `${label} exited unexpectedly (${describeExit(result)}); stopping everything`, label);
  });
  return child;
}

export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function signalChild(child, signal, group = false) {
  if (child.exited || child.proc.pid === undefined) return;
  try {
    process.kill(group ? -child.proc.pid : child.proc.pid, signal);
  } catch {
    try {
      child.proc.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Runs a one-shot script (migrate, seed) and fails unless it exits 0. */
export async function runTask(label, script, opts) {
  const child = spawnChild(label, script, { ...opts, kind: 'task' });
  const result = await child.done;
  if (stopping) throw new Stopped();
  if (result.code !== 0) throw new ConfigError(`${label} failed (${describeExit(result)})`);
}

/**
 * Stops every child and exits with code (1 in check mode if a child did not stop cleanly). Only
 * the first call counts. culprit, the child whose death caused this, is not blamed twice.
 */
export function shutdown(code, reason, culprit) {
  if (shutdownPromise) return shutdownPromise;
  stopping = true;
  shutdownPromise = (async () => {
    if (code === 0) log(reason);
    else warn(reason);
    const running = [...children].sort((a, b) => a.rank - b.rank);
    if (running.length) log(`stopping ${running.map((c) => c.label).join(', ')}`);
    // Gateway first, identity last: the reverse of the start order.
    running.reverse();
    for (const child of running) signalChild(child, 'SIGTERM');
    const all = Promise.all(running.map((c) => c.done));
    const inTime = await Promise.race([all.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
    if (!inTime) {
      for (const child of running) {
        if (!child.exited) {
          warn(`${child.label} did not stop within ${STOP_GRACE_MS / 1000}s: killing it`);
          child.forced = true;
          signalChild(child, 'SIGKILL', true);
        }
      }
      await Promise.race([all, delay(3000)]);
    }
    const unclean = [];
    for (const child of running) {
      if (child.label === culprit) continue;
      const r = child.result;
      if (child.forced || !r) unclean.push(`${child.label} (killed)`);
      else if (r.code !== 0 && r.code !== null) unclean.push(`${child.label} (${describeExit(r)})`);
      else if (r.signal && r.signal !== 'SIGTERM' && r.signal !== 'SIGINT') unclean.push(`${child.label} (${describeExit(r)})`);
    }
    if (unclean.length) warn(`did not stop cleanly: ${unclean.join(', ')}`);
    if (failIfUnclean && code === 0 && unclean.length) code = 1;
    if (code === 0) log('stopped');
    process.exit(code);
  })();
  return shutdownPromise;
}

/** Call once, before the first child starts. */
export function installShutdown({ checkMode }) {
  failIfUnclean = checkMode;
  let firstSignalAt = 0;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        void shutdown(0, `received ${sig}`);
        return;
      }
      // A second Ctrl-C (not the same one delivered twice) while stopping: do not wait any longer.
      if (Date.now() - firstSignalAt > 1000) {
        warn(`received ${sig} again: killing everything now`);
        for (const child of children) signalChild(child, 'SIGKILL', true);
        process.exit(130);
      }
    });
  }

  // Last resort: never leave a child running behind us.
  process.on('exit', () => {
    for (const child of children) signalChild(child, 'SIGKILL', true);
  });
}
