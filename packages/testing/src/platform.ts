/**
 * Runs the real platform for end-to-end tests: every service's built `dist/migrate.js`,
 * `dist/seed.js` and `dist/main.js` as separate processes, each on its own fresh database and a
 * bus prefix unique to this run, with the gateway in front. Stopping sends SIGTERM and records
 * how each process exited, so tests can also prove graceful shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { localEnv, readServiceList, SERVICE_NODE_FLAGS, type ServiceEntry } from '@joo/service-list';
import { testBus, TEST_NATS_URL } from './bus.js';
import { testDatabase } from './database.js';
import { fakeSendGrid, type FakeSendGrid } from './fakes/sendgrid.js';
import { fakeTwilio, type FakeTwilio } from './fakes/twilio.js';
import { testLogLevel } from './log-level.js';
import { startPgBouncer, type TestPgBouncer } from './pgbouncer.js';
import { reservePort, type ReservedPort } from './ports.js';
import type { Teardown } from './teardown.js';

// packages/testing/dist/platform.js → the repository root
const STOP_GRACE_MS = 15_000;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningService {
  name: string;
  url: string;
  /** Where its `/metrics` are (METRICS_PORT): the public url answers 404 there. */
  metricsUrl: string;
  process: ChildProcess;
  output: string[];
  exit: Promise<number | null>;
  /** The name of its database, when it has one. */
  database?: string;
}

export interface Platform {
  gatewayUrl: string;
  services: Record<string, RunningService>;
  admin: { email: string; password: string };
  busPrefix: string;
  nats: Awaited<ReturnType<typeof testBus>>['nc'];
  /** The fake SendGrid and Twilio notifications sends through (when notifications runs). */
  providers?: { sendgrid: FakeSendGrid; twilio: FakeTwilio };
  /** The PgBouncer every service's DATABASE_URL goes through (with `pgbouncer`). */
  pgbouncer?: TestPgBouncer;
  /** SIGTERM to everything; resolves with each process's exit code. */
  stop(): Promise<Record<string, number | null>>;
}

/**
 * `JOO_PROFILE=catalog,billing` runs those services under `node --cpu-prof`: a profile per process
 * lands in `JOO_PROFILE_DIR` (default `.data/profiles/<service>/`) when it stops. For benchmarks.
 */
function profileArgs(name: string): string[] {
  const wanted = (process.env.JOO_PROFILE ?? '').split(',').map((s) => s.trim());
  if (!wanted.includes(name)) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${process.env.JOO_PROFILE_DIR ?? `${ROOT}.data/profiles`}/${name}`];
}

function run(name: string, script: string, env: NodeJS.ProcessEnv): RunningService {
  const service = script.endsWith('/main.js');
  const args = [...(service ? [...SERVICE_NODE_FLAGS, ...profileArgs(name)] : []), script];
  // A service gets an IPC channel: should this test process die without stopping it (killed at
  // its timeout), the channel closes and the service stops itself (service-kit's runService).
  const stdio = service ? ['ignore', 'pipe', 'pipe', 'ipc'] as const : ['ignore', 'pipe', 'pipe'] as const;
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: [...stdio] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 400) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, url: `http://127.0.0.1:${env.PORT}`, metricsUrl: `http://127.0.0.1:${env.METRICS_PORT}`, process: child, output, exit };
}

async function runToCompletion(name: string, script: string, env: NodeJS.ProcessEnv): Promise<void> {
  const proc = run(name, script, env);
  const code = await proc.exit;
  if (code !== 0) throw new Error(`${name} exited ${code}:\n${proc.output.join('')}`);
}

// Generous: a service that exits is noticed at once, and CI starts platforms beside the chaos run's
// thirteen processes on two cores, where 20 s was seen to be too short.
async function waitReady(service: RunningService, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void service.exit.then(() => { exited = true; });
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${service.url}/health/ready`);
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${service.name} not ready within ${timeoutMs} ms:\n${service.output.join('')}`);
}

function serviceEnv(entry: ServiceEntry, urlOf: (name: string) => string): NodeJS.ProcessEnv {
  return { ...freshSecrets(entry), ...localEnv(entry, urlOf) };
}

/**
 * The secrets a service needs, made up for one run: each one its services.json entry names (random
 * 32 bytes), and identity's signing key and PII keys. Generate once per service and give the same
 * to all of its processes (replicas, restarts), as a Kubernetes Secret would be.
 */
export function freshSecrets(entry: Pick<ServiceEntry, 'name' | 'secrets'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(entry.secrets.map((name) => [name, randomBytes(32).toString('base64')]));
  if (entry.name !== 'identity') return env;
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    ...env,
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_HMAC_KEY: randomBytes(32).toString('base64'),
  };
}

export interface PlatformOptions {
  /** Extra environment per service name, e.g. `{ gateway: { RATE_LIMIT_IP_PER_MINUTE: '1000000' } }`. */
  env?: Record<string, NodeJS.ProcessEnv>;
  /** Run only these services of deploy/services.json (identity and the gateway always run). Default: all. */
  services?: string[];
  /**
   * Run every service's DATABASE_URL (migrations and seeds included) through a PgBouncer of this run
   * in transaction-pooling mode, `poolSize` server connections per database, as in production;
   * DATABASE_DIRECT_URL stays direct for the relay's lock and LISTEN.
   */
  pgbouncer?: { poolSize?: number };
  /** How long each service may take to answer `/health/ready` (default 90 s). */
  readyTimeoutMs?: number;
}

export async function startPlatform(t: Teardown, options: PlatformOptions = {}): Promise<Platform> {
  const wanted = options.services ? new Set(['identity', 'gateway', ...options.services]) : null;
  const entries = readServiceList(ROOT).filter((e) => !wanted || wanted.has(e.name));
  const bus = await testBus(t);
  const admin = { email: 'admin@e2e.joo.local', password: 'e2e-admin-passphrase-2026' };
  const services: Record<string, RunningService> = {};
  const common = { NATS_URL: TEST_NATS_URL, BUS_PREFIX: bus.prefix, LOG_LEVEL: testLogLevel('warn'), HOST: '127.0.0.1' };
  let stopped: Promise<Record<string, number | null>> | undefined;

  const stop = () => {
    stopped ??= (async () => {
      const codes: Record<string, number | null> = {};
      // gateway first, as a load balancer would drain it first
      for (const s of Object.values(services).reverse()) {
        if (s.process.exitCode === null) s.process.kill('SIGTERM');
        // A process that hangs on shutdown is killed rather than hanging the test; it then
        // reports no exit code, which the journeys' clean-shutdown assertion refuses.
        const kill = setTimeout(() => s.process.kill('SIGKILL'), STOP_GRACE_MS);
        codes[s.name] = await s.exit;
        clearTimeout(kill);
        // The clean-shutdown assertion only sees the code; the reason is in the process's output.
        if (codes[s.name] !== 0) process.stderr.write(`${s.name} exited ${codes[s.name]} on SIGTERM:\n${s.output.join('').slice(-8000)}\n`);
      }
      return codes;
    })();
    return stopped;
  };
  t.teardown(() => stop());

  const ports: Record<string, number> = {};
  const reserved: Record<string, ReservedPort> = {};
  // Each port stays held until its service is about to listen on it (see reservePort).
  t.teardown(() => Promise.all(Object.values(reserved).map((r) => r.release())));
  const metricsPorts: Record<string, number> = {};
  for (const e of entries) {
    reserved[e.name] = await reservePort();
    ports[e.name] = reserved[e.name]!.port;
    reserved[`${e.name} metrics`] = await reservePort();
    metricsPorts[e.name] = reserved[`${e.name} metrics`]!.port;
  }
  const identityUrl = `http://127.0.0.1:${ports.identity}`;
  const urlOf = (name: string) => {
    if (ports[name] === undefined) throw new Error(`deploy/services.json: a local variable names ${name}, which is not running`);
    return `http://127.0.0.1:${ports[name]}`;
  };

  // notifications talks to SendGrid and Twilio: here, their fakes, which post signed callbacks back.
  let providers: Platform['providers'];
  if (ports.notifications !== undefined) {
    const sendgrid = await fakeSendGrid(t, { webhookUrl: `${urlOf('notifications')}/v1/notifications/webhooks/sendgrid`, autoEvents: true });
    const twilio = await fakeTwilio(t, { autoCallbacks: true });
    providers = { sendgrid, twilio };
  }
  const providerEnv = (name: string): NodeJS.ProcessEnv => (name === 'notifications' && providers
    ? { SENDGRID_BASE_URL: providers.sendgrid.url, SENDGRID_WEBHOOK_PUBLIC_KEY: providers.sendgrid.publicKey, TWILIO_BASE_URL: providers.twilio.url }
    : {});

  const pgbouncer = options.pgbouncer ? await startPgBouncer({ poolSize: options.pgbouncer.poolSize ?? 2 }) : undefined;
  if (pgbouncer) t.teardown(() => pgbouncer.stop()); // should the start fail before the one below
  for (const e of entries.filter((s) => s.name !== 'gateway')) {
    const env: NodeJS.ProcessEnv = {
      ...common, ...serviceEnv(e, urlOf), ...providerEnv(e.name), PORT: String(ports[e.name]), METRICS_PORT: String(metricsPorts[e.name]),
      JWKS_URL: `${identityUrl}/.well-known/jwks.json`, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password,
      ...options.env?.[e.name],
    };
    let database: string | undefined;
    if (e.database) {
      const db = await testDatabase(t, { label: `e2e_${e.name}`, poolSize: 1 });
      await db.pool.end();
      env.DATABASE_URL = pgbouncer ? pgbouncer.url(db.name) : db.url;
      env.DATABASE_DIRECT_URL = db.url;
      database = db.name;
      await runToCompletion(`${e.name} migrate`, `services/${e.name}/dist/migrate.js`, env);
      await runToCompletion(`${e.name} seed`, `services/${e.name}/dist/seed.js`, env);
    }
    await Promise.all([reserved[e.name]!.release(), reserved[`${e.name} metrics`]!.release()]);
    services[e.name] = { ...run(e.name, `services/${e.name}/dist/main.js`, env), ...(database ? { database } : {}) };
  }
  // tap runs teardowns last first: registered after the databases, the processes stop, then the
  // pooler, before their databases are dropped under them (stop itself runs once).
  if (pgbouncer) t.teardown(() => pgbouncer.stop());
  t.teardown(() => stop());
  await Promise.all(Object.values(services).map((s) => waitReady(s, options.readyTimeoutMs)));

  const upstreams = entries.filter((s) => s.name !== 'gateway').map((s) => `${s.name}=http://127.0.0.1:${ports[s.name]}`).join(',');
  await Promise.all([reserved.gateway!.release(), reserved['gateway metrics']!.release()]);
  services.gateway = run('gateway', 'services/gateway/dist/main.js', {
    ...common, PORT: String(ports.gateway), METRICS_PORT: String(metricsPorts.gateway), UPSTREAMS: upstreams, JWKS_URL: `${identityUrl}/.well-known/jwks.json`,
    ...options.env?.gateway,
  });
  await waitReady(services.gateway, options.readyTimeoutMs);
  return {
    gatewayUrl: services.gateway.url, services, admin, busPrefix: bus.prefix, nats: bus.nc, stop,
    ...(providers ? { providers } : {}), ...(pgbouncer ? { pgbouncer } : {}),
  };
}
