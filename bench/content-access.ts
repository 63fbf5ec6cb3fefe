/**
 * The content access check through the gateway: `GET /v1/catalog/content/:id` with a student's
 * token (JWT verified by the gateway and again by catalog, the item read, the entitlement lookup,
 * the playback URL signed), against a bare Fastify route doing one indexed query on the same
 * PostgreSQL, in its own process. Goal: the real path ≥ 50% of the bare route's req/s.
 *
 * `pnpm --filter ./bench exec tsx content-access.ts` (after `pnpm exec tsc -b services/catalog services/identity services/gateway`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createPool } from '@joo/db';
import { startPlatform, testDatabase } from '@joo/testing';
import { figure, json, load, registerAndLogin } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const STANDARD_PACKAGE_ID = '01940000-0000-7000-8000-000000000001';
const LESSON_ID = '01940000-0000-7000-8000-0000000c0001';

/** The baseline process: one route, one indexed lookup, no auth. */
async function serveBare(databaseUrl: string, userId: string): Promise<void> {
  const pool = createPool({ connectionString: databaseUrl, max: 10, applicationName: 'bench-bare' });
  const app = Fastify({ logger: false });
  app.get('/check', async (_request, reply) => {
    const { rows } = await pool.query('SELECT 1 FROM access WHERE user_id = $1 AND valid_until > now() LIMIT 1', [userId]);
    return rows.length ? { ok: true } : reply.code(403).send({ ok: false });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

async function bareBaseline(teardown: { teardown(fn: () => unknown): void }) {
  const db = await testDatabase(teardown, { label: 'bench_bare', poolSize: 1 });
  const userId = randomUUID();
  await db.pool.query('CREATE TABLE access (user_id uuid NOT NULL, valid_until timestamptz NOT NULL)');
  await db.pool.query('CREATE INDEX ON access (user_id, valid_until)');
  await db.pool.query(`INSERT INTO access SELECT gen_random_uuid(), now() + interval '1 day' FROM generate_series(1, 10000)`);
  await db.pool.query(`INSERT INTO access VALUES ($1, now() + interval '1 day')`, [userId]);
  await db.pool.query('ANALYZE access');
  const child = fork(fileURLToPath(import.meta.url), ['bare', db.url, userId], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  try {
    return await load({ url: `http://127.0.0.1:${port}/check`, connections: CONNECTIONS, duration: SECONDS });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const teardowns: Array<() => unknown> = [];
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
  try {
    const bare = await bareBaseline(t);
    const unlimited = { RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' };
    const platform = await startPlatform(t, {
      services: ['catalog'],
      env: { gateway: unlimited },
    });
    const gw = platform.gatewayUrl;
    const { accessToken } = await registerAndLogin(gw);
    const me = await json(`${gw}/v1/identity/me`, 'GET', undefined, accessToken);
    const admin = await json(`${gw}/v1/identity/login`, 'POST', {
      login: platform.admin.email, password: platform.admin.password, device: { id: 'bench-admin', name: 'Bench admin' },
    });
    await json(`${gw}/v1/catalog/admin/entitlements`, 'POST', { userId: me.id, productId: STANDARD_PACKAGE_ID }, admin.accessToken);
    const opened = await json(`${gw}/v1/catalog/content/${LESSON_ID}`, 'GET', undefined, accessToken);
    if (!opened.playbackUrl) throw new Error('the student cannot open the lesson');

    const headers = { authorization: `Bearer ${accessToken}` };
    const viaGateway = await load({ url: `${gw}/v1/catalog/content/${LESSON_ID}`, headers, connections: CONNECTIONS, duration: SECONDS });
    const direct = await load({ url: `${platform.services.catalog!.url}/v1/catalog/content/${LESSON_ID}`, headers, connections: CONNECTIONS, duration: SECONDS });
    figure('bare Fastify + one query req/s', bare.requestsPerSecond, '/s');
    figure('bare Fastify + one query p99', bare.p99, 'ms');
    figure('catalog GET /content/:id direct req/s', direct.requestsPerSecond, '/s');
    figure('catalog GET /content/:id direct p99', direct.p99, 'ms');
    figure('gateway → catalog GET /content/:id req/s', viaGateway.requestsPerSecond, '/s');
    figure('gateway → catalog GET /content/:id p99', viaGateway.p99, 'ms');
    figure('errors / non-2xx through the gateway', `${viaGateway.errors} / ${viaGateway.non2xx}`);
    figure('gateway path vs bare route (goal ≥ 50%)', (100 * viaGateway.requestsPerSecond) / bare.requestsPerSecond, '%');
    await platform.stop();
  } finally {
    for (const fn of teardowns.reverse()) await fn();
  }
}

if (process.argv[2] === 'bare') await serveBare(process.argv[3]!, process.argv[4]!);
else await main();
