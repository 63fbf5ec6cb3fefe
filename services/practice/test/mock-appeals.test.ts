import { randomUUID } from 'node:crypto';
import t from 'tap';
import { rightAnswer, wrongAnswer, type Kind } from './fixtures/mock-bank.js';
import { apply, build, grantedEvent, outboxEvents, seedMockBank, type Built } from './helper.js';
import { rescoreQueued } from '../src/usecases/mock-sweeps.js';

const SUNDAY_NOON = new Date('2026-12-06T07:00:00Z');
const MINUTE = 60_000;
type Task = { id: string; kind: Kind; version: number };

/** A student who sits the mock and answers every task right except `wrongOn` (answered wrong). */
async function sit(b: Built, wrongOn?: (t: Task) => boolean) {
  const userId = randomUUID();
  await apply(b.pool, grantedEvent(userId, { validFrom: new Date(SUNDAY_NOON.getTime() - 86_400_000).toISOString(), validUntil: new Date(SUNDAY_NOON.getTime() + 100 * 86_400_000).toISOString() }));
  const headers = b.as(userId);
  const mock = (await b.app.inject({ method: 'POST', url: '/v1/practice/mocks', headers, payload: { profileSubjects: ['math', 'physics'], language: 'ru' } })).json();
  const tasks: Task[] = mock.sections.flatMap((s: { questions: Task[] }) => s.questions);
  for (const task of tasks) {
    const answer = wrongOn?.(task) ? wrongAnswer(task.kind) : rightAnswer(task.kind);
    await b.app.inject({ method: 'PUT', url: `/v1/practice/mocks/${mock.attemptId}/answers/${task.id}`, headers, payload: { answer } });
  }
  const result = (await b.app.inject({ method: 'POST', url: `/v1/practice/mocks/${mock.attemptId}/finish`, headers })).json();
  return { headers, attemptId: mock.attemptId as string, tasks, result };
}

const appeal = (b: Built, headers: Record<string, string>, attemptId: string, payload: Record<string, unknown>) =>
  b.app.inject({ method: 'POST', url: `/v1/practice/mocks/${attemptId}/appeals`, headers, payload });

t.test('when an appeal is accepted with a corrected key, then every attempt that had the version is re-scored and says so', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  // Both students get the same kz-history questions (the bank holds exactly one mock); both answer the first one "wrong".
  const first = await sit(b, (x) => x.kind === 'single' && false);
  const disputed = first.tasks[0]!;
  const appellant = await sit(b, (x) => x.id === disputed.id);
  const other = await sit(b, (x) => x.id === disputed.id);
  t.equal(first.result.total, 140);
  t.equal(appellant.result.total, 139);

  b.clock.now = new Date(SUNDAY_NOON.getTime() + 10 * MINUTE);
  const filed = await appeal(b, appellant.headers, appellant.attemptId, { questionId: disputed.id, reason: 'b is right: see the textbook' });
  t.equal(filed.statusCode, 201);
  t.match(filed.json(), { status: 'pending', questionId: disputed.id, version: disputed.version });
  t.equal((await appeal(b, appellant.headers, appellant.attemptId, { questionId: disputed.id, reason: 'again' })).json().code, 'already-appealed');
  t.equal((await appeal(b, other.headers, appellant.attemptId, { questionId: disputed.id, reason: 'not mine' })).statusCode, 404);
  t.equal((await appeal(b, appellant.headers, appellant.attemptId, { questionId: randomUUID(), reason: 'x' })).statusCode, 404);
  const second = await appeal(b, other.headers, other.attemptId, { questionId: other.tasks[1]!.id, reason: 'unclear' });

  const list = await b.app.inject({ method: 'GET', url: '/v1/practice/admin/appeals', headers: b.admin });
  t.same(list.json().items.map((a: { status: string }) => a.status), ['pending', 'pending']);
  t.equal((await b.app.inject({ method: 'GET', url: '/v1/practice/admin/appeals', headers: appellant.headers })).statusCode, 403);

  const badKey = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${filed.json().id}/accept`, headers: b.admin, payload: { answer: ['b'] } });
  t.equal(badKey.statusCode, 422, 'a key that does not fit the kind');
  const accepted = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${filed.json().id}/accept`, headers: b.admin, payload: { answer: 'b' } });
  t.equal(accepted.statusCode, 200);
  t.match(accepted.json(), { status: 'accepted', rescoring: 3, decision: { answer: 'b', previousAnswer: 'a' } });
  const twice = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${filed.json().id}/reject`, headers: b.admin, payload: { reason: 'no' } });
  t.equal(twice.statusCode, 409);
  t.equal(twice.json().code, 'appeal-decided');

  t.equal(await rescoreQueued(b.ctx, b.clock.now), 3);
  t.equal(await rescoreQueued(b.ctx, b.clock.now), 0, 'the queue is worked off once');
  const rescored = await outboxEvents(b.pool, 'practice.attempt.rescored.v1');
  const byAttempt = new Map(rescored.map((e) => [e.data.attemptId, e.data]));
  t.match(byAttempt.get(appellant.attemptId), { total: 140, previousTotal: 139, appealId: filed.json().id });
  t.match(byAttempt.get(other.attemptId), { total: 140, previousTotal: 139 }, 'not only the appellant');
  t.match(byAttempt.get(first.attemptId), { total: 139, previousTotal: 140 }, 'the old key is wrong now');
  const seen = (await b.app.inject({ method: 'GET', url: `/v1/practice/mocks/${appellant.attemptId}`, headers: appellant.headers })).json();
  t.equal(seen.result.total, 140);
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/practice/mocks/${appellant.attemptId}/finish`, headers: appellant.headers })).json().total, 140);

  const rejected = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${second.json().id}/reject`, headers: b.admin, payload: { reason: 'the task is clear' } });
  t.match(rejected.json(), { status: 'rejected', decision: { reason: 'the task is clear' } });
  const after = (await b.app.inject({ method: 'GET', url: '/v1/practice/admin/appeals', headers: b.admin })).json().items;
  t.same(after.map((a: { status: string }) => a.status).sort(), ['accepted', 'rejected']);
});

t.test('when an appeal annuls a question, then everyone gets its points', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const s = await sit(b, (x) => x.kind === 'multiple');
  const multiple = s.tasks.find((x) => x.kind === 'multiple')!;
  t.equal(s.result.total, 140 - 20, 'ten multiple-answer tasks wrong, 2 points each');
  const filed = (await appeal(b, s.headers, s.attemptId, { questionId: multiple.id, reason: 'two keys are right' })).json();
  const res = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${filed.id}/accept`, headers: b.admin, payload: { annul: true } });
  t.equal(res.statusCode, 200);
  await rescoreQueued(b.ctx, b.clock.now);
  const seen = (await b.app.inject({ method: 'GET', url: `/v1/practice/mocks/${s.attemptId}`, headers: s.headers })).json();
  t.equal(seen.result.total, 122);
  const task = seen.sections.flatMap((x: { questions: Array<{ id: string }> }) => x.questions).find((q: { id: string }) => q.id === multiple.id);
  t.match(task, { annulled: true, correctAnswer: null });
});

t.test('when the appeal window has passed or the attempt is open, then an appeal is refused', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const s = await sit(b);
  b.clock.now = new Date(SUNDAY_NOON.getTime() + 31 * MINUTE);
  const late = await appeal(b, s.headers, s.attemptId, { questionId: s.tasks[0]!.id, reason: 'late' });
  t.equal(late.statusCode, 409);
  t.equal(late.json().code, 'appeal-window-closed');
  t.equal((await appeal(b, s.headers, s.attemptId, { questionId: s.tasks[0]!.id, reason: ' ' })).statusCode, 400);
  const unknown = await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${randomUUID()}/accept`, headers: b.admin, payload: { annul: true } });
  t.equal(unknown.statusCode, 404);
  t.equal((await b.app.inject({ method: 'POST', url: `/v1/practice/admin/appeals/${randomUUID()}/accept`, headers: b.admin, payload: { annul: false } })).statusCode, 400);
});
