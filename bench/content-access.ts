/**
 * The content access check through the gateway: `GET /v1/catalog/content/:id` with a student's
 * token (JWT verified by the gateway and again by catalog, the item read, the entitlement lookup,
 * the playback URL signed), against a bare Fastify route doing one indexed query on the same
 * PostgreSQL, in its own process. Goal: the real path ≥ 50% of the bare route's req/s. The paths
 * are measured in turns, round after round (the bare route and the gateway path back to back); the
 * figure is the median of the rounds' ratios, as this machine's speed drifts from minute to minute.
 *
 * Two ratios are printed. At a fixed 16 connections (the figure of earlier runs), and at capacity:
 * the bare routes and the gateway path are each loaded at every level of BENCH_CONNECTIONS (default
 * 16,32,64) and each one's best req/s counts, as a server's req/s is the most it sustains. The
 * levels suit the paths differently: on this VM a wake-up costs more than the work it wakes for,
 * and a path of three processes needs more requests in flight than a route of one before each
 * wake-up of each process serves several of them. The machine's busy share is printed with every
 * level, and the CPU per request, so that this shows in the figures.
 *
 * In the same rounds, at the first level only: `GET /v1/identity/me` (which every app start calls)
 * through the gateway and direct, with its ratio against the same bare route, so the two reads
 * compare on one scale.
 *
 * `pnpm --filter ./bench exec tsx content-access.ts` (after `pnpm exec tsc -b services/catalog services/identity services/gateway`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createPool } from '@joo/db';
import { startPlatform, testDatabase } from '@joo/testing';
import { busyShare, figure, grantLesson, LESSON_ID, load, machineJiffies, processCpuMs, registerAndLogin } from './lib.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// The first level is also the fixed one of the ratio at a fixed number of connections.
const LEVELS = (process.env.BENCH_CONNECTIONS ?? '16,32,64').split(',').map(Number);
const CONNECTIONS = LEVELS[0]!;

/**
 * Runs a load and reports, beside req/s and p99, the CPU each server process spent per request and
 * the share of the machine's cores that were busy meanwhile.
 */
async function measured(pids: Record<string, number | undefined>, options: Parameters<typeof load>[0]) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)]));
  const machineBefore = machineJiffies();
  const result = await load(options);
  const busy = busyShare(machineBefore, machineJiffies());
  const requests = result.requestsPerSecond * SECONDS;
  const cpu = Object.entries(pids).map(([name, pid]) => `${name} ${((1000 * (processCpuMs(pid) - before[name]!)) / requests).toFixed(0)}`).join(', ');
  return { ...result, cpu, busy };
}

/**
 * The baseline process: one route, one indexed lookup, no auth. `prepared` runs the lookup as a
 * named statement, so the baseline is not handicapped by planning: its best case, which catalog's
 * access check gives up to work behind a transaction pooler (ADR 0010).
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
    await grantLesson(platform, accessToken);

    const headers = { authorization: `Bearer ${accessToken}` };
    const pids = { gateway: platform.services.gateway!.process.pid, catalog: platform.services.catalog!.process.pid };
    const identityPid = platform.services.identity!.process.pid;
    // The bare route and the gateway path run back to back in each round, so the ratio of a round
    // compares two measurements taken under the same conditions.
    const runs = {
      bare: { url: bare.url, pids: { bare: bare.pid } },
      gateway: { url: `${gw}/v1/catalog/content/${LESSON_ID}`, headers, pids },
      prepared: { url: barePrepared.url, pids: { bare: barePrepared.pid } },
      direct: { url: `${platform.services.catalog!.url}/v1/catalog/content/${LESSON_ID}`, headers, pids: { catalog: pids.catalog } },
      me: { url: `${gw}/v1/identity/me`, headers, pids: { gateway: pids.gateway, identity: identityPid } },
      meDirect: { url: `${platform.services.identity!.url}/v1/identity/me`, headers, pids: { identity: identityPid } },
    };
    type Run = (typeof runs)[keyof typeof runs];
    const optionsOf = (run: Run, connections: number, duration: number) =>
      ({ url: run.url, ...('headers' in run ? { headers: run.headers } : {}), connections, duration });
    // Warm every path first (pools connected, code optimised), then measure in turns, so that the
    // machine's drift (±10% here) falls on all of them alike rather than on whichever ran first.
    // The bare routes and the gateway path go through every level; /me at the first level against
    // the same bare route; the direct paths are for reference.
    for (const run of Object.values(runs)) await load(optionsOf(run, CONNECTIONS, 2));
    const plan: Array<{ name: keyof typeof runs; connections: number }> = [
      ...LEVELS.flatMap((connections) => (['bare', 'gateway', 'prepared'] as const).map((name) => ({ name, connections }))),
      ...(['direct', 'me', 'meDirect'] as const).map((name) => ({ name, connections: CONNECTIONS })),
    ];
    type Measured = Awaited<ReturnType<typeof measured>>;
    // results['gateway@16'][round]
    const results = new Map<string, Measured[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const { name, connections } of plan) {
        const key = `${name}@${connections}`;
        const result = await measured(runs[name].pids, optionsOf(runs[name], connections, SECONDS));
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
    const of = (name: string, connections = CONNECTIONS) => results.get(`${name}@${connections}`)!;
    const rps = (name: string, connections?: number) => median(of(name, connections).map((r) => r.requestsPerSecond));
    const p99 = (name: string, connections?: number) => median(of(name, connections).map((r) => r.p99));
    const busy = (name: string, connections?: number) => median(of(name, connections).map((r) => r.busy));
    const roundRatios = (connections: number, name = 'gateway') =>
      of(name, connections).map((g, i) => (100 * g.requestsPerSecond) / of('bare', connections)[i]!.requestsPerSecond);
    // At capacity: in each round, the best level of the one against the best level of the other.
    const best = (name: string, round: number) => Math.max(...LEVELS.map((c) => of(name, c)[round]!.requestsPerSecond));
    const bestLevel = (name: string, round: number) => LEVELS.find((c) => of(name, c)[round]!.requestsPerSecond === best(name, round))!;
    const capacityRatios = Array.from({ length: ROUNDS }, (_, round) => (100 * best('gateway', round)) / best('bare', round));
    const preparedCapacityRatios = Array.from({ length: ROUNDS }, (_, round) => (100 * best('gateway', round)) / best('prepared', round));
    const ratios = roundRatios(CONNECTIONS);
    figure('load generator and servers', 'unpinned, sharing every core (the same for all runs)');
    figure('rounds (medians below)', `${ROUNDS} × ${SECONDS} s per path and level, in turns`);
    for (const connections of LEVELS) {
      figure(`${connections} connections: bare route req/s, p99, machine busy`,
        `${rps('bare', connections).toFixed(0)} /s, ${p99('bare', connections)} ms, ${busy('bare', connections).toFixed(0)} %`);
      figure(`${connections} connections: gateway path req/s, p99, machine busy`,
        `${rps('gateway', connections).toFixed(0)} /s, ${p99('gateway', connections)} ms, ${busy('gateway', connections).toFixed(0)} %`);
      figure(`${connections} connections: bare route, prepared query req/s`, rps('prepared', connections), '/s');
      figure(`${connections} connections: gateway path vs bare route, median`, `${median(roundRatios(connections)).toFixed(1)} % (${roundRatios(connections).map((r) => r.toFixed(1)).join(', ')})`);
    }
    figure(`catalog GET /content/:id direct req/s (${CONNECTIONS} conn.)`, rps('direct'), '/s');
    figure(`catalog GET /content/:id direct p99 (${CONNECTIONS} conn.)`, p99('direct'), 'ms');
    const gatewayRuns = LEVELS.flatMap((c) => of('gateway', c));
    figure('errors / non-2xx through the gateway', `${gatewayRuns.reduce((n, r) => n + r.errors, 0)} / ${gatewayRuns.reduce((n, r) => n + r.non2xx, 0)}`);
    figure(`gateway path vs bare route at ${CONNECTIONS} connections, median of the rounds`, median(ratios), '%');
    figure('  median req/s of the one / of the other', (100 * rps('gateway')) / rps('bare'), '%');
    figure('gateway path vs bare route at capacity, median of the rounds (goal ≥ 50%)', median(capacityRatios), '%');
    figure('  round by round (best level: gateway / bare)', capacityRatios.map((r, i) => `${r.toFixed(1)} (${bestLevel('gateway', i)}/${bestLevel('bare', i)})`).join(', '), '%');
    figure(`gateway path vs bare route with a prepared query (${CONNECTIONS} conn.)`, (100 * rps('gateway')) / rps('prepared'), '%');
    figure('gateway path vs bare route with a prepared query, at capacity', median(preparedCapacityRatios), '%');
    figure(`CPU µs per request: bare (${CONNECTIONS} conn., last round)`, of('bare').at(-1)!.cpu);
    figure(`CPU µs per request: catalog direct (${CONNECTIONS} conn., last round)`, of('direct').at(-1)!.cpu);
    figure(`CPU µs per request: through the gateway (${CONNECTIONS} conn., last round)`, of('gateway').at(-1)!.cpu);
    figure(`CPU µs per request: through the gateway (${LEVELS.at(-1)} conn., last round)`, of('gateway', LEVELS.at(-1)).at(-1)!.cpu);
    const meRatios = roundRatios(CONNECTIONS, 'me');
    figure(`identity GET /me through the gateway req/s, p99 (${CONNECTIONS} conn.)`, `${rps('me').toFixed(0)} /s, ${p99('me')} ms`);
    figure(`identity GET /me direct req/s, p99 (${CONNECTIONS} conn.)`, `${rps('meDirect').toFixed(0)} /s, ${p99('meDirect')} ms`);
    figure('errors / non-2xx of /me through the gateway', `${of('me').reduce((n, r) => n + r.errors, 0)} / ${of('me').reduce((n, r) => n + r.non2xx, 0)}`);
    figure(`/me through the gateway vs bare route at ${CONNECTIONS} connections, median`, `${median(meRatios).toFixed(1)} % (${meRatios.map((r) => r.toFixed(1)).join(', ')})`);
    figure(`  /me vs content path at ${CONNECTIONS} connections`, (100 * median(meRatios)) / median(ratios), '%');
    figure(`CPU µs per request: /me through the gateway (${CONNECTIONS} conn., last round)`, of('me').at(-1)!.cpu);
    figure(`CPU µs per request: /me direct (${CONNECTIONS} conn., last round)`, of('meDirect').at(-1)!.cpu);
    figure('machine load average (1 min) at the end', (await import('node:os')).loadavg()[0]!);
    await platform.stop();
  } finally {
    for (const fn of teardowns.reverse()) await fn();
  }
}

if (process.argv[2] === 'bare') await serveBare(process.argv[3]!, process.argv[4]!, process.argv[5] === 'prepared');
else await main();
