/**
 * An acknowledged answer is never lost (issue 22): practice runs as a real process, students save
 * answers through it, it is killed with SIGKILL in mid-stream and started again, and every answer
 * that got its 204 is there. Runs the built dist/main.js (pnpm build first, as the e2e tests do).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { practiceMigrations } from '../src/migrations.js';
import { eventually, reservePort, testBus, testDatabase, testIssuer, testLogLevel } from '@joo/testing';
import { rightAnswer, type Kind } from './fixtures/mock-bank.js';
import { apply, grantedEvent, seedMockBank } from './helper.js';

t.setTimeout(300_000);
const STUDENTS = 5;
const LANES = 8;
const KILL_AFTER_ACKS = 150;

function startPractice(env: NodeJS.ProcessEnv): { child: ChildProcess; output: string[]; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [new URL('../dist/main.js', import.meta.url).pathname], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  return { child, output, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

t.test('when practice is killed with SIGKILL while answers are saved, then every answer that got a 204 is there after the restart', async (t) => {
  const db = await testDatabase(t, { migrations: await practiceMigrations(), label: 'practice_kill', poolSize: 3 });
  const bus = await testBus(t);
  const issuer = await testIssuer(t);
  // Seeding through the app on the same database: the bank, the packages, an admin window open now.
  const { app } = await buildApp({ pool: db.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, logLevel: testLogLevel(), weekly: null });
  t.teardown(() => app.close());
  const admin = { authorization: `Bearer ${issuer.sign({ sub: randomUUID(), sid: randomUUID(), roles: ['admin'] })}` };
  await seedMockBank({ app, admin }, 'ru');
  const now = Date.now();
  const window = await app.inject({ method: 'POST', url: '/v1/practice/admin/windows', headers: admin, payload: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 3_600_000).toISOString() } });
  t.equal(window.statusCode, 201);

  const port = await reservePort();
  const metrics = await reservePort();
  const env = {
    HOST: '127.0.0.1', PORT: String(port.port), METRICS_PORT: String(metrics.port), DATABASE_URL: db.url, NATS_URL: bus.url, BUS_PREFIX: bus.prefix,
    JWKS_URL: issuer.jwksUrl, LOG_LEVEL: testLogLevel('warn'), MOCK_WEEKLY_ENABLED: 'false',
  };
  await Promise.all([port.release(), metrics.release()]);
  const base = `http://127.0.0.1:${port.port}`;
  const ready = () => eventually(async () => (await fetch(`${base}/health/ready`).then((r) => r.status).catch(() => 0)) === 200, { timeoutMs: 60_000, intervalMs: 200 });

  let practice = startPractice(env);
  t.teardown(() => { practice.child.kill('SIGKILL'); });
  await ready();

  // Each student starts a mock; their 120 saves are spread over lanes, each question saved once.
  const saves: { url: string; headers: Record<string, string>; questionId: string; attemptId: string; answer: unknown }[] = [];
  for (let i = 0; i < STUDENTS; i++) {
    const userId = randomUUID();
    await apply(db.pool, grantedEvent(userId));
    const headers = { authorization: `Bearer ${issuer.sign({ sub: userId, sid: randomUUID(), roles: ['student'] })}`, 'content-type': 'application/json' };
    const res = await fetch(`${base}/v1/practice/mocks`, { method: 'POST', headers, body: JSON.stringify({ profileSubjects: ['math', 'physics'], language: 'ru' }) });
    t.equal(res.status, 201);
    const mock = await res.json() as { attemptId: string; sections: { questions: { id: string; kind: Kind }[] }[] };
    for (const q of mock.sections.flatMap((s) => s.questions)) {
      saves.push({ url: `${base}/v1/practice/mocks/${mock.attemptId}/answers/${q.id}`, headers, questionId: q.id, attemptId: mock.attemptId, answer: rightAnswer(q.kind) });
    }
  }

  const acked: typeof saves = [];
  let next = 0;
  let killed = false;
  const lane = async () => {
    while (!killed && next < saves.length) {
      const s = saves[next++]!;
      try {
        const res = await fetch(s.url, { method: 'PUT', headers: s.headers, body: JSON.stringify({ answer: s.answer }) });
        if (res.status === 204) acked.push(s);
        else await res.arrayBuffer();
      } catch { /* the process died under this request: not acknowledged */ }
      if (!killed && acked.length >= KILL_AFTER_ACKS) {
        killed = true;
        practice.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  await practice.exited;
  t.ok(killed, 'killed in mid-stream');
  t.ok(next < saves.length, `${saves.length - next} saves were never sent`);
  t.ok(acked.length >= KILL_AFTER_ACKS, `${acked.length} answers acknowledged before the kill`);

  practice = startPractice(env);
  await ready();
  const stored = new Map<string, unknown>();
  for (const attemptId of new Set(acked.map((s) => s.attemptId))) {
    const headers = acked.find((s) => s.attemptId === attemptId)!.headers;
    const res = await fetch(`${base}/v1/practice/mocks/${attemptId}`, { headers });
    t.equal(res.status, 200);
    const view = await res.json() as { sections: { questions: { id: string; answer: unknown }[] }[] };
    for (const q of view.sections.flatMap((s) => s.questions)) if (q.answer !== null) stored.set(`${attemptId}/${q.id}`, q.answer);
  }
  const lost = acked.filter((s) => JSON.stringify(stored.get(`${s.attemptId}/${s.questionId}`)) !== JSON.stringify(s.answer));
  t.same(lost, [], 'no acknowledged answer is lost');
  t.comment(`${acked.length} acknowledged, ${stored.size} stored (a save may land without its 204 reaching the client)`);

  practice.child.kill('SIGTERM');
  t.equal(await practice.exited, 0, 'the restarted process stops cleanly');
});
