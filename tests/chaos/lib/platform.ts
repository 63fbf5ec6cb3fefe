/**
 * The platform of a chaos run, all of its own: a private PostgreSQL (startPrivatePostgres), a
 * private NATS (one server or a three-node cluster), the fake SendGrid, Twilio and partner
 * university, every chosen service as two replicas behind a round-robin balancer on the
 * service's address, and the gateway in front.
 */
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { localEnv, readServiceList, type ServiceEntry } from '@joo/service-list';
import {
  fakePartner, fakeSendGrid, fakeTwilio, freshSecrets, reservePort, startPrivatePostgres, testDatabase,
  type FakePartner, type FakeSendGrid, type FakeTwilio, type PrivatePostgres, type TestDatabase,
} from '@joo/testing';
import { startBalancer } from './balancer.js';
import type { Cleanup } from './cleanup.js';
import { startNats, type PrivateNats } from './nats.js';
import { startReplica, withoutLoaders, type Replica, type UnplannedExit } from './replica.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REPLICAS = 2;

/** The services the workload goes through; the others run only with `allServices`. */
export const WORKLOAD_SERVICES = ['identity', 'catalog', 'billing', 'refunds', 'leads', 'notifications'];

export interface ChaosPlatform {
  gatewayUrl: string;
  admin: { email: string; password: string };
  postgres: PrivatePostgres;
  nats: PrivateNats;
  /** One pool (one connection) per service database, for the checker. */
  databases: Record<string, TestDatabase>;
  replicas: Replica[];
  gateway: Replica;
  providers: { sendgrid: FakeSendGrid; twilio: FakeTwilio; partner: FakePartner };
  /** Replicas that exited without the nemesis killing them. */
  unplannedExits: UnplannedExit[];
  /** Every replica and the gateway ready. */
  waitAllReady(timeoutMs?: number): Promise<void>;
}

function runOnce(script: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [script], { cwd: ROOT, env: withoutLoaders({ ...process.env, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    p.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited ${code}:\n${out.slice(-4000)}`))));
  });
}

async function freePort(): Promise<number> {
  const r = await reservePort();
  await r.release();
  return r.port;
}

export async function startChaosPlatform(cleanup: Cleanup, options: { cluster: boolean; allServices: boolean; log: (line: string) => void }): Promise<ChaosPlatform> {
  const entries = readServiceList(ROOT).filter((e) => e.name !== 'gateway' && (options.allServices || WORKLOAD_SERVICES.includes(e.name)));
  // Each replica holds a pool of up to 10, a relay session and a LISTEN; 400 leaves room for all.
  const postgres = await startPrivatePostgres(cleanup, { maxConnections: 400 });
  const nats = await startNats({ cluster: options.cluster });
  cleanup.teardown(() => nats.stop());

  const ports: Record<string, number> = {};
  for (const e of entries) ports[e.name] = await freePort();
  ports.gateway = await freePort();
  const urlOf = (name: string) => {
    if (ports[name] === undefined) throw new Error(`a local variable names ${name}, which does not run in this chaos run`);
    return `http://127.0.0.1:${ports[name]}`;
  };
  const admin = { email: 'admin@chaos.joo.local', password: 'chaos-admin-passphrase-2026' };

  const hasNotifications = ports.notifications !== undefined;
  const sendgrid = await fakeSendGrid(cleanup, { webhookUrl: hasNotifications ? `${urlOf('notifications')}/v1/notifications/webhooks/sendgrid` : undefined, autoEvents: true });
  const twilio = await fakeTwilio(cleanup, { autoCallbacks: true });
  const partner = await fakePartner(cleanup);

  const common: NodeJS.ProcessEnv = {
    NATS_URL: nats.url, NATS_STREAM_REPLICAS: String(nats.replicas), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', HOST: '127.0.0.1',
    JWKS_URL: `${urlOf('identity')}/.well-known/jwks.json`,
  };
  const unplannedExits: UnplannedExit[] = [];
  const databases: Record<string, TestDatabase> = {};
  const replicas: Replica[] = [];
  const stopAll = async () => { await Promise.all(replicas.map((r) => r.stop())); };
  cleanup.teardown(stopAll);

  const launch = async (e: ServiceEntry) => {
    const began = Date.now();
    const env: NodeJS.ProcessEnv = {
      ...common, ...freshSecrets(e), ...localEnv(e, urlOf), ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password,
      ...(e.name === 'notifications' ? { SENDGRID_BASE_URL: sendgrid.url, SENDGRID_WEBHOOK_PUBLIC_KEY: sendgrid.publicKey, TWILIO_BASE_URL: twilio.url } : {}),
    };
    if (e.database) {
      const db = await testDatabase(cleanup, { serverUrl: postgres.serverUrl, label: `chaos_${e.name}`, poolSize: 1 });
      databases[e.name] = db;
      env.DATABASE_URL = db.url;
      env.DATABASE_DIRECT_URL = db.url;
      await runOnce(`services/${e.name}/dist/migrate.js`, { ...env, PORT: '0', METRICS_PORT: '0' });
      await runOnce(`services/${e.name}/dist/seed.js`, { ...env, PORT: '0', METRICS_PORT: '0' });
    }
    const migrated = Date.now();
    const mine: Replica[] = [];
    for (let i = 0; i < REPLICAS; i++) {
      const port = await freePort();
      mine.push(startReplica(e.name, i, port, { ...env, PORT: String(port), METRICS_PORT: String(await freePort()) }, unplannedExits));
    }
    replicas.push(...mine);
    const balancer = await startBalancer(ports[e.name]!, mine);
    cleanup.teardown(() => balancer.close());
    await Promise.all(mine.map((r) => r.waitReady()));
    options.log(`${e.name}: migrated and seeded in ${migrated - began} ms, both replicas ready ${Date.now() - migrated} ms later`);
  };
  // identity first: the others verify tokens with its JWKS and address its users.
  await launch(entries.find((e) => e.name === 'identity')!);
  await Promise.all(entries.filter((e) => e.name !== 'identity').map(launch));

  const upstreams = entries.map((e) => `${e.name}=${urlOf(e.name)}`).join(',');
  const gateway = startReplica('gateway', 0, ports.gateway, {
    ...common, PORT: String(ports.gateway), METRICS_PORT: String(await freePort()), UPSTREAMS: upstreams,
    RATE_LIMIT_IP_PER_MINUTE: '1000000', RATE_LIMIT_USER_PER_MINUTE: '1000000',
  }, unplannedExits);
  cleanup.teardown(() => gateway.stop());
  await gateway.waitReady();

  return {
    gatewayUrl: urlOf('gateway'), admin, postgres, nats, databases, replicas, gateway,
    providers: { sendgrid, twilio, partner }, unplannedExits,
    waitAllReady: async (timeoutMs = 120_000) => { await Promise.all([...replicas, gateway].map((r) => r.waitReady(timeoutMs))); },
  };
}
