#!/usr/bin/env node
// Starts the whole platform locally: run by scripts/start.sh after ensure-infra and the build.
//
// For each service in deploy/services.json with a database: create the database if missing, run
// dist/migrate.js, then dist/seed.js if it exists. Then start every service and the gateway as child
// processes (identity first, the gateway last), wait until each answers /health/ready with 200,
// print the URLs and the seeded admin login, and run until Ctrl-C / SIGTERM. If a child dies on
// its own, everything stops and this exits non-zero naming it.
//
//   node scripts/start.mjs [--check]
//   --check, or JOO_START_EXIT_AFTER_READY=1: stop everything once ready; exit 0 only if every
//   process became ready and then stopped cleanly within the grace period.
//
// Environment: PGPORT (5432), NATS_PORT (4222), GATEWAY_PORT (the gateway's port in
// services.json), ADMIN_EMAIL, ADMIN_PASSWORD, PII_ENCRYPTION_KEY, PII_HMAC_KEY,
// JWT_PRIVATE_KEY_FILE (generated under .data/secrets/ unless given), LOG_LEVEL,
// JOO_DATA_DIR (<repo>/.data), JOO_READY_TIMEOUT (seconds per phase, 60), NO_COLOR.
//
// Plain JavaScript on purpose: it runs without a build and needs no dependency of its own.
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const DEFAULT_ADMIN_EMAIL = 'admin@joo.local';
const DEFAULT_ADMIN_PASSWORD = 'joo-admin-2026!';
const STOP_GRACE_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// options

function usage() {
  return 'usage: pnpm start [-- --check]\n' +
    '  --check   start everything, wait until ready, print the URLs, stop cleanly, exit 0\n';
}

const argv = process.argv.slice(2).filter((a) => a !== '--');
let checkMode = process.env.JOO_START_EXIT_AFTER_READY === '1' || process.env.JOO_START_EXIT_AFTER_READY === 'true';
for (const a of argv) {
  if (a === '--check') checkMode = true;
  else if (a === '-h' || a === '--help') {
    process.stdout.write(usage());
    process.exit(0);
  } else {
    process.stderr.write(`[start] unknown argument: ${a}\n${usage()}`);
    process.exit(2);
  }
}

function intFromEnv(name, fallback, max = 65535) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) {
    throw new ConfigError(`${name} must be an integer from 1 to ${max}, got '${raw}'`);
  }
  return n;
}

/** An expected failure: reported by its message alone, without a stack. */
class ConfigError extends Error {}

// ---------------------------------------------------------------------------------------------
// output

const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92];
let nextColour = 0;
let labelWidth = 8;

// A broken pipe on our own output (e.g. `pnpm start | head`) must not crash the orchestrator.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

function paint(code, text) {
  return useColour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function log(message) {
  process.stdout.write(`${paint(1, '[start]')} ${message}\n`);
}

function warn(message) {
  process.stderr.write(`${paint(31, '[start]')} ${message}\n`);
}

function makePrefix(label) {
  const colour = COLOURS[nextColour++ % COLOURS.length];
  return paint(colour, `${label.padEnd(labelWidth)} |`) + ' ';
}

// ---------------------------------------------------------------------------------------------
// child processes

/** @type {Set<{label: string, proc: import('node:child_process').ChildProcess, kind: 'task'|'service', done: Promise<{code: number|null, signal: string|null}>, exited: boolean, forced: boolean, result?: {code: number|null, signal: string|null}}>} */
const children = new Set();
let stopping = false;

function spawnChild(label, script, { cwd, env, kind }) {
  const proc = spawn(process.execPath, [script], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches only this orchestrator, which then stops the
    // children in order and waits for them.
    detached: true,
  });
  const prefix = makePrefix(label);
  const child = { label, proc, kind, exited: false, forced: false, done: null, result: undefined };
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
    if (kind === 'service' && !stopping) {
      void shutdown(1, `${label} exited unexpectedly (${describeExit(result)}); stopping everything`, label);
    }
  });
  return child;
}

function describeExit({ code, signal }) {
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

function delay(ms) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref();
  });
}

/** Runs a one-shot script (migrate, seed) and fails unless it exits 0. */
async function runTask(label, script, opts) {
  const child = spawnChild(label, script, { ...opts, kind: 'task' });
  const result = await child.done;
  if (stopping) throw new Stopped();
  if (result.code !== 0) throw new ConfigError(`${label} failed (${describeExit(result)})`);
}

class Stopped extends Error {}

// ---------------------------------------------------------------------------------------------
// shutdown

let shutdownPromise = null;

function shutdown(code, reason, culprit) {
  if (shutdownPromise) return shutdownPromise;
  stopping = true;
  shutdownPromise = (async () => {
    if (code === 0) log(reason);
    else warn(reason);
    const running = [...children];
    if (running.length) log(`stopping ${running.map((c) => c.label).join(', ')}`);
    // Gateway first, identity last: the reverse of the start order.
    for (const child of running.reverse()) signalChild(child, 'SIGTERM');
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
    if (checkMode && code === 0 && unclean.length) code = 1;
    if (code === 0) log('stopped');
    process.exit(code);
  })();
  return shutdownPromise;
}

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

// ---------------------------------------------------------------------------------------------
// configuration

function readServices() {
  const file = path.join(ROOT, 'deploy', 'services.json');
  let list;
  try {
    list = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read ${path.relative(ROOT, file)}: ${err.message}`);
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('deploy/services.json must be a non-empty array');
  }
  const seenNames = new Set();
  const seenPorts = new Map();
  const services = list.map((entry, i) => {
    const where = `deploy/services.json[${i}]`;
    if (!entry || typeof entry !== 'object') throw new ConfigError(`${where} is not an object`);
    const { name, database } = entry;
    let { port } = entry;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name)) throw new ConfigError(`${where}.name is invalid`);
    if (seenNames.has(name)) throw new ConfigError(`${where}: service ${name} is listed twice`);
    seenNames.add(name);
    if (name === 'gateway' && process.env.GATEWAY_PORT) port = intFromEnv('GATEWAY_PORT', port);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError(`${where}.port is invalid`);
    if (seenPorts.has(port)) throw new ConfigError(`${name} and ${seenPorts.get(port)} both want port ${port}`);
    seenPorts.set(port, name);
    if (database !== null && database !== undefined && (typeof database !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(database))) {
      throw new ConfigError(`${where}.database is invalid`);
    }
    const dir = path.join(ROOT, 'services', name);
    return {
      name,
      port,
      database: database ?? null,
      dir,
      main: path.join(dir, 'dist', 'main.js'),
      migrate: path.join(dir, 'dist', 'migrate.js'),
      seed: path.join(dir, 'dist', 'seed.js'),
    };
  });
  return services;
}

/** Reads or creates the development secrets under <data>/secrets (mode 600). */
function ensureSecrets(dataDir) {
  const dir = path.join(dataDir, 'secrets');
  // .data itself stays traversable: ensure-infra's own PostgreSQL runs as user postgres under it.
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);

  const writeOnce = (file, content) => {
    try {
      writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
      log(`generated ${path.relative(ROOT, file) || file}`);
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    chmodSync(file, 0o600);
  };

  let jwtKeyFile = process.env.JWT_PRIVATE_KEY_FILE;
  if (jwtKeyFile) {
    jwtKeyFile = path.resolve(ROOT, jwtKeyFile);
    if (!existsSync(jwtKeyFile)) throw new ConfigError(`JWT_PRIVATE_KEY_FILE ${jwtKeyFile} does not exist`);
  } else {
    jwtKeyFile = path.join(dir, 'jwt-ed25519.pem');
    if (!existsSync(jwtKeyFile)) {
      const { privateKey } = generateKeyPairSync('ed25519', {
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      writeOnce(jwtKeyFile, privateKey);
    } else {
      chmodSync(jwtKeyFile, 0o600);
    }
  }

  const key = (envName, fileName) => {
    const fromEnv = process.env[envName];
    if (fromEnv) return fromEnv;
    const file = path.join(dir, fileName);
    if (!existsSync(file)) writeOnce(file, randomBytes(32).toString('base64') + '\n');
    const value = readFileSync(file, 'utf8').trim();
    if (Buffer.from(value, 'base64').length !== 32) {
      throw new ConfigError(`${path.relative(ROOT, file)} does not hold 32 base64 bytes; delete it to generate a new one`);
    }
    return value;
  };

  return {
    JWT_PRIVATE_KEY_FILE: jwtKeyFile,
    PII_ENCRYPTION_KEY: key('PII_ENCRYPTION_KEY', 'pii-encryption.key'),
    PII_HMAC_KEY: key('PII_HMAC_KEY', 'pii-hmac.key'),
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: create a database unless it exists

// The same code the services' tooling uses (packages/db), built by scripts/start.sh before this runs.
async function ensureDatabase(pgPort, name) {
  const db = await import(pathToFileURL(path.join(ROOT, 'packages', 'db', 'dist', 'index.js')).href);
  return db.ensureDatabase(`postgres://postgres@${HOST}:${pgPort}/postgres`, name);
}

// ---------------------------------------------------------------------------------------------
// readiness

function portInUse(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    const done = (inUse) => {
      socket.destroy();
      resolve(inUse);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function getStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve({ status: res.statusCode });
    });
    req.once('timeout', () => req.destroy(new Error('timed out')));
    req.once('error', (err) => resolve({ error: err.code || err.message }));
  });
}

async function waitReady(service, child, deadline) {
  const url = `http://${HOST}:${service.port}/health/ready`;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (stopping || child.exited) throw new Stopped();
    const r = await getStatus(url);
    if (r.status === 200) return;
    last = r.status ? `HTTP ${r.status}` : r.error;
    await delay(300);
  }
  throw new ConfigError(`${service.name} is not ready after ${Math.round(readyTimeoutMs / 1000)}s: ${url} answered ${last}`);
}

// ---------------------------------------------------------------------------------------------
// main

let readyTimeoutMs = 60_000;

async function main() {
  const pgPort = intFromEnv('PGPORT', 5432);
  const natsPort = intFromEnv('NATS_PORT', 4222);
  readyTimeoutMs = intFromEnv('JOO_READY_TIMEOUT', 60, 3600) * 1000;
  const dataDir = path.resolve(ROOT, process.env.JOO_DATA_DIR || '.data');
  const services = readServices();
  labelWidth = Math.max(8, ...services.map((s) => s.name.length + (s.database ? 8 : 0)));

  // Nothing runs yet: find every problem we can before starting anything.
  const problems = [];
  for (const s of services) {
    if (!existsSync(s.main)) problems.push(`${path.relative(ROOT, s.main)} is missing (run pnpm build; does services/${s.name}/src/main.ts exist?)`);
    if (s.database && !existsSync(s.migrate)) problems.push(`${path.relative(ROOT, s.migrate)} is missing (services/${s.name}/src/migrate.ts)`);
    if (await portInUse(s.port)) problems.push(`port ${s.port} (${s.name}) is already in use: is another pnpm start running?`);
  }
  if (problems.length) throw new ConfigError(problems.join('\n        '));

  const identity = services.find((s) => s.name === 'identity');
  const gateway = services.find((s) => s.name === 'gateway');
  const backends = services.filter((s) => s.name !== 'gateway');
  const natsUrl = `nats://${HOST}:${natsPort}`;
  const jwksUrl = `http://${HOST}:${identity?.port ?? 3001}/.well-known/jwks.json`;
  const adminEmail = process.env.ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL;
  const adminPassword = process.env.ADMIN_PASSWORD || DEFAULT_ADMIN_PASSWORD;
  const secrets = identity ? ensureSecrets(dataDir) : {};

  const envFor = (s) => {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.UPSTREAMS;
    Object.assign(env, { HOST, PORT: String(s.port), NATS_URL: natsUrl, JWKS_URL: jwksUrl });
    if (s.database) env.DATABASE_URL = `postgres://postgres@${HOST}:${pgPort}/${s.database}`;
    if (s.name === 'gateway') {
      env.UPSTREAMS = backends.map((b) => `${b.name}=http://${HOST}:${b.port}`).join(',');
    }
    if (s.name === 'identity') {
      Object.assign(env, secrets, { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword });
    }
    return env;
  };

  // 1. databases, migrations, seeds
  for (const s of services.filter((x) => x.database)) {
    if (stopping) throw new Stopped();
    let created;
    try {
      created = await ensureDatabase(pgPort, s.database);
    } catch (err) {
      throw new ConfigError(`cannot create database ${s.database} on ${HOST}:${pgPort}: ${err.message}`);
    }
    if (created) log(`created database ${s.database}`);
    await runTask(`${s.name}:migrate`, s.migrate, { cwd: s.dir, env: envFor(s) });
    if (existsSync(s.seed)) await runTask(`${s.name}:seed`, s.seed, { cwd: s.dir, env: envFor(s) });
  }

  // 2. services: identity (it serves the JWKS the others verify with), the rest, the gateway.
  //    Each runs with its own directory as the working directory, as `pnpm --filter … start` does.
  const phases = [
    identity ? [identity] : [],
    backends.filter((s) => s !== identity),
    gateway ? [gateway] : [],
  ].filter((p) => p.length);
  for (const phase of phases) {
    if (stopping) throw new Stopped();
    const started = phase.map((s) => ({ s, child: spawnChild(s.name, s.main, { cwd: s.dir, env: envFor(s), kind: 'service' }) }));
    const deadline = Date.now() + readyTimeoutMs;
    await Promise.all(started.map(({ s, child }) => waitReady(s, child, deadline)));
    for (const { s } of started) log(`${s.name} is ready on http://${HOST}:${s.port}`);
  }

  // 3. where to find things
  const lines = ['', 'joo-platform is running:'];
  if (gateway) {
    lines.push(`  gateway   http://${HOST}:${gateway.port}   (routes /v1/<service>/...)`);
    lines.push(`  API docs  http://${HOST}:${gateway.port}/docs`);
  }
  for (const s of backends) lines.push(`  ${s.name.padEnd(9)} http://${HOST}:${s.port}${s.database ? `   (database ${s.database})` : ''}`);
  if (identity) {
    lines.push(`  JWKS      ${jwksUrl}`);
    const shownPassword = process.env.ADMIN_PASSWORD ? '<the value of ADMIN_PASSWORD>' : adminPassword;
    lines.push(`  admin     ${adminEmail} / ${shownPassword}   (change with ADMIN_EMAIL / ADMIN_PASSWORD)`);
  }
  lines.push(`  data      ${dataDir}`);
  if (!checkMode) lines.push('Press Ctrl-C to stop.');
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');

  if (checkMode) await shutdown(0, 'check: everything is ready; stopping');
}

main().catch((err) => {
  if (err instanceof Stopped || stopping) return; // shutdown already in progress
  const message = err instanceof ConfigError ? err.message : (err?.stack || String(err));
  void shutdown(1, `cannot start: ${message}`);
});
