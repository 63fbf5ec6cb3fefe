import { randomUUID } from 'node:crypto';
import t from 'tap';
import { connectBus, publishEnvelope, startConsumer } from '@joo/bus';
import { withTransaction } from '@joo/db';
import { eventually, testBus, testLogger } from '@joo/testing';
import { progressRoutes } from '../src/events/progress.js';
import { apply, build, finishedEvent, grantedEvent, rescoredEvent, singleQuestion, type Built } from './helper.js';

const get = (b: Built, url: string, headers: Record<string, string>) => b.app.inject({ method: 'GET', url, headers });
const applyAttempt = (b: Built, event: ReturnType<typeof finishedEvent> | ReturnType<typeof rescoredEvent>) =>
  withTransaction(b.pool, (tx) => progressRoutes.handle(event, tx));

t.test('when a mock is finished and then re-scored over NATS, then the student sees the new score marked re-scored, and nobody else sees it', async (t) => {
  const b = await build(t);
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'practice-test' });
  await bus.ensureStream('practice');
  const consumer = await startConsumer({ pool: b.pool, bus, consumer: 'practice', ...progressRoutes.consumer(), log: testLogger() });
  t.teardown(async () => { await consumer.stop(); await bus.close(); });

  const userId = randomUUID();
  const finished = finishedEvent(userId, { finishedAt: '2026-12-06T10:00:00.000Z' });
  await publishEnvelope(bus, finished);
  const results = async () => (await get(b, '/v1/practice/me/results', b.as(userId))).json();
  await eventually(async () => (await results()).items.length === 1, { message: 'the finished attempt arrives' });
  t.match((await results()).items[0], { attemptId: finished.data.attemptId, total: 80, max: 140, rescored: false, previousTotal: null });

  await publishEnvelope(bus, rescoredEvent(finished, 82, '2026-12-06T12:00:00.000Z'));
  await eventually(async () => (await results()).items[0].total === 82, { message: 'the re-score arrives' });
  t.match((await results()).items[0], { total: 82, rescored: true, previousTotal: 80, scoredAt: '2026-12-06T12:00:00.000Z' });

  t.same((await get(b, '/v1/practice/me/results', b.as(randomUUID()))).json(), { items: [], nextCursor: null }, "another student sees none of it");
  t.equal((await get(b, '/v1/practice/me/results', {})).statusCode, 401);
});

t.test('when events arrive out of order, then the newest score wins', async (t) => {
  const b = await build(t);
  const userId = randomUUID();
  const finished = finishedEvent(userId, { finishedAt: '2026-12-06T10:00:00.000Z' });
  await applyAttempt(b, rescoredEvent(finished, 85, '2026-12-06T12:00:00.000Z'));
  await applyAttempt(b, finished);
  t.match((await get(b, '/v1/practice/me/results', b.as(userId))).json().items[0], { total: 85, rescored: true, previousTotal: 80 });
});

t.test('when a student has many results, then they come newest first a page at a time; a forged cursor is a 400', async (t) => {
  const b = await build(t);
  const userId = randomUUID();
  for (const day of ['01', '03', '02']) await applyAttempt(b, finishedEvent(userId, { finishedAt: `2026-11-${day}T10:00:00.000Z` }));
  const first = (await get(b, '/v1/practice/me/results?limit=2', b.as(userId))).json();
  t.same(first.items.map((r: { finishedAt: string }) => r.finishedAt.slice(0, 10)), ['2026-11-03', '2026-11-02']);
  const second = (await get(b, `/v1/practice/me/results?limit=2&cursor=${first.nextCursor}`, b.as(userId))).json();
  t.same(second.items.map((r: { finishedAt: string }) => r.finishedAt.slice(0, 10)), ['2026-11-01']);
  t.equal(second.nextCursor, null);
  for (const cursor of ['nope', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('[1]').toString('base64url')]) {
    const bad = await get(b, `/v1/practice/me/results?cursor=${cursor}`, b.as(userId));
    t.equal(bad.statusCode, 400, `cursor ${cursor}`);
    t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
});

t.test('when a student practises and sits mocks, then progress shows accuracy by week, mock totals by week, and the weakest topics', async (t) => {
  const b = await build(t);
  const userId = randomUUID();
  const student = b.as(userId);
  await apply(b.pool, grantedEvent(userId));
  const imported = await b.app.inject({
    method: 'POST', url: '/v1/practice/admin/questions/import', headers: b.admin,
    payload: Array.from({ length: 6 }, (_, i) => singleQuestion({ stem: `2x + ${i} = ?`, topic: 'linear-equations' })),
  });
  t.equal(imported.statusCode, 201);
  const session = (await b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers: student, payload: { subject: 'math', language: 'ru', count: 6 } })).json();
  for (const [i, q] of session.questions.entries()) {
    const res = await b.app.inject({ method: 'POST', url: `/v1/practice/sessions/${session.id}/answers`, headers: student, payload: { questionId: q.id, answer: i < 2 ? 'b' : 'a' } });
    t.equal(res.statusCode, 200);
  }
  await applyAttempt(b, finishedEvent(userId, { finishedAt: '2026-11-29T10:00:00.000Z', total: 70 }));
  await applyAttempt(b, finishedEvent(userId, { finishedAt: '2026-12-06T10:00:00.000Z', total: 90 }));

  const res = await get(b, '/v1/practice/me/progress', student);
  t.equal(res.statusCode, 200);
  const p = res.json();
  t.equal(p.studentId, userId);
  t.ok(p.lastActivityAt, 'last activity is known');
  const math = p.subjects.find((s: { subject: string }) => s.subject === 'math');
  t.match(math.topics.find((x: { topic: string }) => x.topic === 'linear-equations'), { correct: 2, of: 6, accuracy: 0.333 }, 'practice answers');
  t.match(math.topics.find((x: { topic: string }) => x.topic === 'primes'), { correct: 4, of: 12, weeks: [{ week: '2026-11-23', correct: 2, of: 6 }, { week: '2026-11-30', correct: 2, of: 6 }] }, "the mocks' topic lines, by Almaty week");
  t.same(p.mocks.weeks.map((w: { week: string; best: number }) => [w.week, w.best]), [['2026-11-23', 70], ['2026-11-30', 90]]);
  t.match(p.mocks.trend, { direction: 'up', change: 20 });
  t.same(p.weakestTopics.map((w: { topic: string }) => w.topic), ['primes', 'linear-equations'], 'lowest share first; physics/units is all right');

  const empty = (await get(b, '/v1/practice/me/progress', b.as(randomUUID()))).json();
  t.match(empty, { lastActivityAt: null, subjects: [], mocks: { weeks: [], trend: { direction: 'none' } }, weakestTopics: [] }, 'a newcomer has an empty progress');
});
