import { randomUUID } from 'node:crypto';
import t from 'tap';
import { withTransaction } from '@joo/db';
import { upsertEntitlement } from '../src/store/entitlements.js';
import { progressRoutes } from '../src/events/progress.js';
import { apply, build, finishedEvent, grantedEvent, type Built } from './helper.js';

const assign = (b: Built, curatorId: string, studentIds: unknown, headers = b.admin) =>
  b.app.inject({ method: 'PUT', url: `/v1/practice/admin/curators/${curatorId}/students`, headers, payload: { studentIds } });
const feedback = (b: Built, curator: Record<string, string>, studentId: string, text: unknown) =>
  b.app.inject({ method: 'POST', url: `/v1/practice/curator/students/${studentId}/feedback`, headers: curator, payload: { text } });

t.test('when an admin assigns students to a curator, then the curator sees each with activity, trend and weak topics, and only theirs', async (t) => {
  const b = await build(t);
  const curatorId = randomUUID();
  const curator = b.as(curatorId, ['curator']);
  const [ann, bek, other] = [randomUUID(), randomUUID(), randomUUID()];
  await withTransaction(b.pool, (tx) => progressRoutes.handle(finishedEvent(ann, { finishedAt: '2026-11-29T10:00:00.000Z', total: 70 }), tx));
  await withTransaction(b.pool, (tx) => progressRoutes.handle(finishedEvent(ann, { finishedAt: '2026-12-06T10:00:00.000Z', total: 60 }), tx));

  t.equal((await assign(b, curatorId, [ann], b.as(randomUUID()))).statusCode, 403, 'a student cannot assign');
  t.equal((await assign(b, curatorId, [ann], curator)).statusCode, 403, 'nor can a curator');
  for (const bad of [['not-a-uuid'], [ann, ann], [curatorId], 'x']) {
    const res = await assign(b, curatorId, bad);
    t.equal(res.statusCode, 400, `refuses ${JSON.stringify(bad)}`);
    t.equal(res.json().status, 400);
  }
  t.equal((await assign(b, 'nope', [ann])).statusCode, 400, 'the curator id is checked too');
  t.equal((await assign(b, curatorId, [ann, other])).statusCode, 200);
  const replaced = await assign(b, curatorId, [bek, ann]);
  t.same(replaced.json(), { curatorId, studentIds: [ann, bek].sort() }, 'the set is replaced');

  t.equal((await b.app.inject({ method: 'GET', url: '/v1/practice/curator/students', headers: b.as(randomUUID()) })).statusCode, 403, 'students are not curators');
  const list = await b.app.inject({ method: 'GET', url: '/v1/practice/curator/students', headers: curator });
  t.equal(list.statusCode, 200);
  const items = list.json().items as Array<{ studentId: string; lastActivityAt: string | null; mockTrend: { direction: string; change: number } }>;
  t.same(items.map((i) => i.studentId), [ann, bek].sort());
  t.match(items.find((i) => i.studentId === ann), { lastActivityAt: '2026-12-06T10:00:00.000Z', mockTrend: { direction: 'down', change: -10 }, latestMock: { best: 60 } });
  t.match(items.find((i) => i.studentId === bek), { lastActivityAt: null, mockTrend: { direction: 'none' }, latestMock: null, weakestTopics: [] });
  const paged = (await b.app.inject({ method: 'GET', url: '/v1/practice/curator/students?limit=1', headers: curator })).json();
  t.equal(paged.items.length, 1);
  const rest = (await b.app.inject({ method: 'GET', url: `/v1/practice/curator/students?limit=1&cursor=${paged.nextCursor}`, headers: curator })).json();
  t.same([...paged.items, ...rest.items].map((i: { studentId: string }) => i.studentId), [ann, bek].sort(), 'pages cover every student once');

  const progress = await b.app.inject({ method: 'GET', url: `/v1/practice/curator/students/${ann}/progress`, headers: curator });
  t.equal(progress.statusCode, 200);
  t.match(progress.json(), { studentId: ann, mocks: { trend: { direction: 'down' } } });
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/practice/curator/students/${other}/progress`, headers: curator })).statusCode, 404, 'unassigned: 404');
  const anotherCurator = b.as(randomUUID(), ['curator']);
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/practice/curator/students/${ann}/progress`, headers: anotherCurator })).statusCode, 404, "another curator's student: 404");
});

t.test('when a curator leaves feedback in course time, then it is stored, published through the outbox, and the student sees it', async (t) => {
  const b = await build(t);
  const curatorId = randomUUID();
  const curator = b.as(curatorId, ['curator']);
  const studentId = randomUUID();
  await apply(b.pool, grantedEvent(studentId));
  await assign(b, curatorId, [studentId]);

  for (const bad of ['', '   ', 'x'.repeat(4001), 12]) t.equal((await feedback(b, curator, studentId, bad)).statusCode, 400, `refuses ${JSON.stringify(bad).slice(0, 20)}`);
  t.equal((await feedback(b, curator, randomUUID(), 'Hi')).statusCode, 404, 'not their student');
  t.equal((await feedback(b, b.as(randomUUID()), studentId, 'Hi')).statusCode, 403, 'not a curator');

  const given = await feedback(b, curator, studentId, '  Повторите тему «простые числа».  ');
  t.equal(given.statusCode, 201);
  t.match(given.json(), { curatorId, text: 'Повторите тему «простые числа».' });
  const { rows } = await b.pool.query<{ envelope: { type: string; subject: string; data: Record<string, unknown> } }>(
    "SELECT envelope FROM outbox WHERE type = 'practice.feedback.given.v1'");
  t.equal(rows.length, 1, 'one event, written with the feedback');
  t.match(rows[0]!.envelope, { subject: given.json().id, data: { feedbackId: given.json().id, studentId, curatorId, text: 'Повторите тему «простые числа».' } });

  await feedback(b, curator, studentId, 'Второй совет');
  const mine = (await b.app.inject({ method: 'GET', url: '/v1/practice/me/feedback', headers: b.as(studentId) })).json();
  t.same(mine.items.map((f: { text: string }) => f.text), ['Второй совет', 'Повторите тему «простые числа».'], 'newest first');
  const one = (await b.app.inject({ method: 'GET', url: '/v1/practice/me/feedback?limit=1', headers: b.as(studentId) })).json();
  const next = (await b.app.inject({ method: 'GET', url: `/v1/practice/me/feedback?limit=1&cursor=${one.nextCursor}`, headers: b.as(studentId) })).json();
  t.same(next.items.map((f: { text: string }) => f.text), ['Повторите тему «простые числа».']);
  t.same((await b.app.inject({ method: 'GET', url: '/v1/practice/me/feedback', headers: b.as(randomUUID()) })).json().items, [], "nobody else's");
});

t.test('when the student is in the bonus period or holds nothing, then curator feedback is a 409 and nothing is published', async (t) => {
  const b = await build(t);
  const curatorId = randomUUID();
  const curator = b.as(curatorId, ['curator']);
  const [bonus, none] = [randomUUID(), randomUUID()];
  const now = Date.now();
  const day = 86_400_000;
  await upsertEntitlement(b.pool, {
    entitlementId: randomUUID(), userId: bonus, productId: 'p', profileSubjects: ['math', 'physics'],
    validFrom: new Date(now - 130 * day), validUntil: new Date(now + 30 * day), courseUntil: new Date(now - day),
  });
  await assign(b, curatorId, [bonus, none]);
  const inBonus = await feedback(b, curator, bonus, 'Hi');
  t.equal(inBonus.statusCode, 409);
  t.equal(inBonus.json().code, 'follow-up-ended');
  const withNothing = await feedback(b, curator, none, 'Hi');
  t.equal(withNothing.statusCode, 409);
  t.equal(withNothing.json().code, 'no-course');
  t.equal((await b.pool.query('SELECT 1 FROM outbox')).rowCount, 0, 'no event');
  t.equal((await b.pool.query('SELECT 1 FROM feedback')).rowCount, 0, 'no feedback');
});
