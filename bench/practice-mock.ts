/**
 * The weekly mock at its peak (issue 22, ADR 0019), through the gateway on the real built platform:
 *
 * 1. starts: BENCH_ATTEMPTS students (default 5 000; scale down on a small machine) start their
 *    120-task mock, BENCH_CONNECTIONS at a time (default 32): wall time (goal: 5 000 within 60 s),
 *    starts/s and p99;
 * 2. answer saves (`PUT /v1/practice/mocks/:attemptId/answers/:questionId`) at a steady BENCH_RATE
 *    (default 500/s) for BENCH_SECONDS (default 10): p99, and the same against a bare Fastify +
 *    one-INSERT route in its own process at the same rate and connections;
 * 3. capacity: both at as many req/s as they take, same connections: the ratio (goal ≥ 50 %);
 * 4. scoring a 120-task attempt: CPU ms per attempt (goal ≤ 20 ms).
 *
 * Students are signed by a test issuer both the gateway and practice trust (JWKS_URL), and their
 * packages are written into practice's copy of entitlements: registering thousands through identity
 * (argon2id each) would measure identity. `pnpm bench practice-mock`, or
 * `BENCH_ATTEMPTS=500 pnpm --filter ./bench exec tsx practice-mock.ts` after `pnpm build`.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { createPool, databaseUrl } from '@joo/db';
import { startPlatform, testDatabase, testIssuer, TEST_SERVER_URL } from '@joo/testing';
import { paperSlots } from '../services/practice/src/domain/mock-paper.js';
import { scoreMock, type ScoredTask } from '../services/practice/src/domain/mock-scoring.js';
import { loadFormats } from '../services/practice/src/format-files.js';
import { contextSubjects, mockBankRows, rightAnswer, type Kind } from '../services/practice/test/fixtures/mock-bank.js';
import { figure, json, load, summarize } from './lib.js';

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 5000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/** The baseline process: one INSERT per request into a table like mock_answers, no auth. */
async function serveBare(url: string): Promise<void> {
  const pool = createPool({ connectionString: url, max: 10, applicationName: 'bench-bare' });
  const app = Fastify({ logger: false });
  app.put('/answers/:attemptId/:questionId', async (request, reply) => {
    const { attemptId, questionId } = request.params as { attemptId: string; questionId: string };
    await pool.query(
      `INSERT INTO answers (attempt_id, question_id, answer, saved_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = EXCLUDED.answer, saved_at = EXCLUDED.saved_at`,
      [attemptId, questionId, JSON.stringify((request.body as { answer: unknown }).answer)]);
    return reply.code(204).send(null);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
}

async function startBare(t: { teardown(fn: () => unknown): void }) {
  const db = await testDatabase(t, { label: 'bench_bare_insert', poolSize: 1 });
  await db.pool.query('CREATE TABLE answers (attempt_id uuid NOT NULL, question_id uuid NOT NULL, answer jsonb NOT NULL, saved_at timestamptz NOT NULL, PRIMARY KEY (attempt_id, question_id))');
  const child = fork(fileURLToPath(import.meta.url), ['bare', db.url], { execArgv: ['--import', 'tsx'] });
  t.teardown(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return `http://127.0.0.1:${port}`;
}

interface Save { path: string; authorization: string; body: string }

/** autocannon requests cycling through `saves`, each with its own path, token and body. */
function savesLoad(base: string, saves: Save[], extra: autocannon.Options | Record<string, unknown>) {
  let i = 0;
  return load({
    url: base, connections: CONNECTIONS, duration: SECONDS, ...extra,
    requests: [{
      method: 'PUT',
      setupRequest: (req) => {
        const s = saves[i++ % saves.length]!;
        return { ...req, method: 'PUT', path: s.path, body: s.body, headers: { 'content-type': 'application/json', authorization: s.authorization } };
      },
    }],
  } as autocannon.Options);
}

function scoringCpu(): number {
  const format = loadFormats().find((f) => f.id === 'unt-2026')!;
  const keys: Record<Kind, unknown> = { single: 'a', context: 'a', multiple: ['a', 'c'], matching: { l1: 'r1', l2: 'r2' } };
  const tasks: ScoredTask[] = paperSlots(format, ['math', 'physics']).flatMap((slot) => Array.from({ length: slot.count }, (_, i) => ({
    questionId: `${slot.section}-${slot.kind}-${i}`, section: slot.section, subject: slot.subject, topic: `t${i % 4}`, kind: slot.kind, key: keys[slot.kind] as string, annulled: false,
  })));
  const answers = new Map(tasks.map((x, i) => [x.questionId, i % 7 === 0 ? 'b' : x.key]));
  for (let i = 0; i < 200; i++) scoreMock(format, ['math', 'physics'], tasks, answers);
  const runs = 2000;
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i++) scoreMock(format, ['math', 'physics'], tasks, answers);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / runs;
}

async function main(): Promise<void> {
  const teardowns: Array<() => unknown> = [];
  const t = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
  try {
    const bare = await startBare(t);
    const issuer = await testIssuer(t);
    const unlimited = { RATE_LIMIT_IP_PER_MINUTE: '100000000', RATE_LIMIT_USER_PER_MINUTE: '100000000' };
    const platform = await startPlatform(t, {
      services: ['practice'],
      env: { gateway: { ...unlimited, JWKS_URL: issuer.jwksUrl }, practice: { JWKS_URL: issuer.jwksUrl, MOCK_WEEKLY_ENABLED: 'false' } },
    });
    const gw = platform.gatewayUrl;
    const token = (sub: string, roles: string[]) => issuer.sign({ sub, sid: randomUUID(), roles });
    const admin = token(randomUUID(), ['admin']);

    const contexts: Record<string, string> = {};
    for (const subject of contextSubjects(['math', 'physics'])) {
      contexts[subject] = (await json(`${gw}/v1/practice/admin/contexts`, 'POST', { subject, language: 'ru', title: subject, text: 'bench' }, admin)).id;
    }
    await json(`${gw}/v1/practice/admin/questions/import`, 'POST', mockBankRows('ru', ['math', 'physics'], contexts, 'bench'), admin);
    const now = Date.now();
    await json(`${gw}/v1/practice/admin/windows`, 'POST', { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 6 * 3_600_000).toISOString() }, admin);

    const users = Array.from({ length: ATTEMPTS }, () => randomUUID());
    const practiceDb = createPool({ connectionString: databaseUrl(TEST_SERVER_URL, platform.services.practice!.database!), max: 1 });
    await practiceDb.query(
      `INSERT INTO entitlements (entitlement_id, user_id, product_id, profile_subjects, valid_from, valid_until)
       SELECT gen_random_uuid()::text, u, 'bench', '{math,physics}', now() - interval '1 day', now() + interval '100 days' FROM unnest($1::text[]) AS u`, [users]);

    // 1. starts
    const tokens = users.map((u) => token(u, ['student']));
    const attempts: { attemptId: string; authorization: string; tasks: { id: string; kind: Kind }[] }[] = [];
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (next < users.length) {
        const i = next++;
        const at = performance.now();
        const res = await fetch(`${gw}/v1/practice/mocks`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` },
          body: JSON.stringify({ profileSubjects: ['math', 'physics'], language: 'ru' }),
        });
        latencies.push(performance.now() - at);
        if (res.status !== 201) { failed += 1; await res.arrayBuffer(); continue; }
        const mock = await res.json() as { attemptId: string; sections: { questions: { id: string; kind: Kind }[] }[] };
        attempts.push({ attemptId: mock.attemptId, authorization: `Bearer ${tokens[i]}`, tasks: mock.sections.flatMap((s) => s.questions) });
      }
    }));
    const startSeconds = (performance.now() - started) / 1000;
    const starts = summarize(latencies);
    console.log(`practice-mock: ${ATTEMPTS} attempts, ${CONNECTIONS} connections, saves at ${RATE}/s for ${SECONDS} s (load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    figure(`starts: ${ATTEMPTS} attempts took`, startSeconds, `s (goal: 5 000 within 60 s)`);
    figure('starts: per second', attempts.length / startSeconds, '/s');
    figure('starts: p50 / p99', `${starts.p50.toFixed(0)} / ${starts.p99.toFixed(0)}`, 'ms');
    figure('starts: refused', failed);

    // 2. saves at a steady rate, then 3. at capacity, each against the bare route
    const saves: Save[] = attempts.flatMap((a) => a.tasks.map((q) => ({
      path: `/v1/practice/mocks/${a.attemptId}/answers/${q.id}`, authorization: a.authorization, body: JSON.stringify({ answer: rightAnswer(q.kind) }),
    })));
    // interleave the attempts, as thousands of students answering at once would
    saves.sort(() => Math.random() - 0.5);
    const bareSaves = saves.map((s) => ({ ...s, path: `/answers/${randomUUID()}/${randomUUID()}` }));
    await savesLoad(gw, saves, { duration: 2, overallRate: RATE }); // warm-up
    await savesLoad(bare, bareSaves, { duration: 2, overallRate: RATE });
    const steady = await savesLoad(gw, saves, { overallRate: RATE });
    const steadyBare = await savesLoad(bare, bareSaves, { overallRate: RATE });
    figure(`saves at ${RATE}/s through the gateway: req/s`, steady.requestsPerSecond, `(non-2xx ${steady.non2xx}, errors ${steady.errors})`);
    figure(`saves at ${RATE}/s: p50 / p99`, `${steady.p50} / ${steady.p99}`, 'ms');
    figure(`bare Fastify + INSERT at ${RATE}/s: p50 / p99`, `${steadyBare.p50} / ${steadyBare.p99}`, 'ms');
    const full = await savesLoad(gw, saves, {});
    const fullBare = await savesLoad(bare, bareSaves, {});
    figure(`saves at capacity (${CONNECTIONS} connections): req/s`, full.requestsPerSecond, `p99 ${full.p99} ms (non-2xx ${full.non2xx})`);
    figure(`bare Fastify + INSERT at capacity: req/s`, fullBare.requestsPerSecond, `p99 ${fullBare.p99} ms`);
    figure('saves vs bare route', (100 * full.requestsPerSecond) / fullBare.requestsPerSecond, '% (goal ≥ 50 %)');

    // 4. scoring
    figure('scoring CPU per 120-task attempt', scoringCpu(), 'ms (goal ≤ 20 ms)');
    await practiceDb.end();
    await platform.stop();
  } finally {
    for (const fn of teardowns.reverse()) await fn();
  }
}

if (process.argv[2] === 'bare') await serveBare(process.argv[3]!);
else await main();
