/**
 * The content access check through the gateway: `GET /v1/catalog/content/:id` with a student's
 * token (JWT verified by the gateway and again by catalog, the item read, the entitlement lookup,
 * the playback URL signed), against a bare Fastify route doing one indexed query on the same
 * PostgreSQL, in its own process. Goal: the real path ≥ 50% of the bare route's req/s. The paths
 * are measured in turns, round after round (the bare route and the gateway path back to back); the
 * figure is the median of the rounds' ratios, as this machine's speed drifts from minute to minute.
 *
 * `pnpm --filter ./bench exec tsx content-access.ts` (after `pnpm exec tsc -b services/catalog services/identity services/gateway`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createPool } from '@joo/db';
import { startPlatform, testDatabase } from '@joo/testing';
import { figure, json, load, processCpuMs, registerAndLogin } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 16;
const STANDARD_PACKAGE_ID = '01940000-0000-7000-8000-000000000001';
const LESSON_ID = '01940000-0000-7000-8000-0000000c0001';

/** Runs a load and reports, beside req/s and p99, the CPU each server process spent per request. */
async function measured(pids: Record<string, number | undefined>, options: Parameters<typeof load>[0]) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
  const result = await load(options);
  const requests = result.requestsPerSecond * SECONDS;
  const cpu = Object.entries(pids).map(([name, pid]) => `${name} ${((1000 * (processCpuMs(pid) - before[name]!)) / requests).toFixed(0)}`).join(', ');
  return { ...result, cpu };
}

/**
 * The baseline process: one route, one indexed lookup, no auth. `prepared` runs the lookup as a
 * named statement, as catalog's access check does, so the baseline is not handicapped by planning.
 */
async function serveBare(databaseUrl: string, userId: string, prepared: boolean): Promise<void> {
  const pool = createPool({ connectionString: databaseUrl, max: 10, applicationName: 'bench-bare' });
  const app = Fastify({ logger: false });
  const text = 'SELECT 1 FROM access WHERE user_id = $1 AND valid_until > now() LIMIT 1';
  app.get('/check', async (_request, reply) => {
    const { rows } = await pool.query(prepared ? { name: 'check', text, values: [userId] } : { text, values: [userId] });
    return rows.length ? { ok: true } : reply.code(403).send({ ok: false });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

/** A bare-route process on its own fresh database; resolves with its URL and pid. */
async function startBare(teardown: { teardown(fn: () => unknown): void }, prepared: boolean) {
  const db = await testDatabase(teardown, { label: prepared ? 'bench_bare_prepared' : 'bench_bare', poolSize: 1 });
  const userId = randomUUID();
  await db.pool.query('CREATE TABLE access (user_id uuid NOT NULL, valid_until timestamptz NOT NULL)');
  await db.pool.query('CREATE INDEX ON access (user_id, valid_until)');
  await db.pool.query(`INSERT INTO access SELECT gen_random_uuid(), now() + interval '1 day' FROM generate_series(1, 10000)`);
  await db.pool.query(`INSERT INTO access VALUES ($1, now() + interval '1 day')`, [userId]);
  await db.pool.query('ANALYZE access');
  const child = fork(fileURLToPath(import.meta.url), ['bare', db.url, userId, prepared ? 'prepared' : ''], { execArgv: ['--import', 'tsx'] });
  teardown.teardown(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { url: `http://127.0.0.1:${port}/check`, pid: child.pid };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const teardowns: Array<() => unknown> = [];
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
  try {
    const bare = await startBare(t, false);
    const barePrepared = await startBare(t, true);
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
    const pids = { gateway: platform.services.gateway!.process.pid, catalog: platform.services.catalog!.process.pid };
    // The bare route and the gateway path run back to back in each round, so the ratio of a round
    // compares two measurements taken under the same conditions.
    const runs = {
      bare: { url: bare.url, pids: { bare: bare.pid } },
      gateway: { url: `${gw}/v1/catalog/content/${LESSON_ID}`, headers, pids },
      prepared: { url: barePrepared.url, pids: { bare: barePrepared.pid } },
      direct: { url: `${platform.services.catalog!.url}/v1/catalog/content/${LESSON_ID}`, headers, pids: { catalog: pids.catalog } },
    };
    // Warm every path first (pools connected, code optimised), then measure the four in turns, so
    // that the machine's drift (±10% here) falls on all of them alike rather than on whichever ran first.
    for (const run of Object.values(runs)) await load({ url: run.url, ...('headers' in run ? { headers: run.headers } : {}), connections: CONNECTIONS, duration: 2 });
    const results = Object.fromEntries(Object.keys(runs).map((k) => [k, [] as Array<Awaited<ReturnType<typeof measured>>>]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of Object.entries(runs)) {
        results[name]!.push(await measured(run.pids, { url: run.url, ...('headers' in run ? { headers: run.headers } : {}), connections: CONNECTIONS, duration: SECONDS }));
      }
    }
    const rps = (name: string) => median(results[name]!.map((r) => r.requestsPerSecond));
    const p99 = (name: string) => median(results[name]!.map((r) => r.p99));
    const ratios = results.gateway!.map((g, i) => (100 * g.requestsPerSecond) / results.bare![i]!.requestsPerSecond);
    figure('load generator and servers', 'unpinned, sharing every core (the same for all runs)');
    figure('rounds (medians below)', `${ROUNDS} × ${SECONDS} s per path, in turns`);
    figure('bare Fastify + one query req/s', rps('bare'), '/s');
    figure('bare Fastify + one query p99', p99('bare'), 'ms');
    figure('bare Fastify + one prepared query req/s', rps('prepared'), '/s');
    figure('catalog GET /content/:id direct req/s', rps('direct'), '/s');
    figure('catalog GET /content/:id direct p99', p99('direct'), 'ms');
    figure('gateway → catalog GET /content/:id req/s', rps('gateway'), '/s');
    figure('gateway → catalog GET /content/:id p99', p99('gateway'), 'ms');
    figure('errors / non-2xx through the gateway', `${results.gateway!.reduce((n, r) => n + r.errors, 0)} / ${results.gateway!.reduce((n, r) => n + r.non2xx, 0)}`);
    figure('gateway path vs bare route, median of the rounds (goal ≥ 50%)', median(ratios), '%');
    figure('  round by round', ratios.map((r) => r.toFixed(1)).join(', '), '%');
    figure('  median req/s of the one / of the other', (100 * rps('gateway')) / rps('bare'), '%');
    figure('gateway path vs bare route with a prepared query', (100 * rps('gateway')) / rps('prepared'), '%');
    figure('CPU µs per request: bare (last round)', results.bare!.at(-1)!.cpu);
    figure('CPU µs per request: catalog direct (last round)', results.direct!.at(-1)!.cpu);
    figure('CPU µs per request: through the gateway (last round)', results.gateway!.at(-1)!.cpu);
    figure('machine load average (1 min) at the end', (await import('node:os')).loadavg()[0]!);
    await platform.stop();
  } finally {
    for (const fn of teardowns.reverse()) await fn();
  }
}

if (process.argv[2] === 'bare') await serveBare(process.argv[3]!, process.argv[4]!, process.argv[5] === 'prepared');
else await main();
