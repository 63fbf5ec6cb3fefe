import { randomUUID } from 'node:crypto';
import t from 'tap';
import { rightAnswer, wrongAnswer, type Kind } from './fixtures/mock-bank.js';
import { apply, build, grantedEvent, outboxEvents, seedMockBank, type Built } from './helper.js';
import { finishOverdueAttempts } from '../src/usecases/mock-sweeps.js';

// Sunday 6 December 2026, 12:00 in Almaty: inside the weekly default window (10:00–22:00, UTC+5).
const SUNDAY_NOON = new Date('2026-12-06T07:00:00Z');
const DAY = 86_400_000;

async function enrol(b: Built, userId: string, overrides: Record<string, unknown> = {}) {
  await apply(b.pool, grantedEvent(userId, {
    validFrom: new Date(b.clock.now.getTime() - DAY).toISOString(), validUntil: new Date(b.clock.now.getTime() + 100 * DAY).toISOString(), ...overrides,
  }));
  return b.as(userId);
}

const start = (b: Built, headers: Record<string, string>, payload: Record<string, unknown> = { profileSubjects: ['math', 'physics'], language: 'ru' }) =>
  b.app.inject({ method: 'POST', url: '/v1/practice/mocks', headers, payload });
const save = (b: Built, headers: Record<string, string>, attemptId: string, questionId: string, answer: unknown) =>
  b.app.inject({ method: 'PUT', url: `/v1/practice/mocks/${attemptId}/answers/${questionId}`, headers, payload: { answer } });
const finish = (b: Built, headers: Record<string, string>, attemptId: string) =>
  b.app.inject({ method: 'POST', url: `/v1/practice/mocks/${attemptId}/finish`, headers });
const view = (b: Built, headers: Record<string, string>, attemptId: string) =>
  b.app.inject({ method: 'GET', url: `/v1/practice/mocks/${attemptId}`, headers });

type Task = { id: string; kind: Kind };
const tasksOf = (mock: { sections: Array<{ questions: Task[] }> }) => mock.sections.flatMap((s) => s.questions);

t.test('when a student sits the mock in its window, then they get 120 tasks without keys, save answers and finish with a score out of 140', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const student = await enrol(b, randomUUID());

  const res = await start(b, student);
  t.equal(res.statusCode, 201);
  const mock = res.json();
  t.equal(tasksOf(mock).length, 120);
  t.same(mock.sections.map((s: { key: string; subject: string }) => `${s.key}:${s.subject}`),
    ['kz-history:kz-history', 'reading-literacy:reading-literacy', 'math-literacy:math-literacy', 'profile-1:math', 'profile-2:physics']);
  t.match(mock.format, { id: 'unt-2026', tasks: 120, maxPoints: 140, durationMinutes: 240 });
  t.equal(mock.deadline, new Date(SUNDAY_NOON.getTime() + 240 * 60_000).toISOString());
  t.notOk(/"answer"|explanation|correctAnswer/.test(res.body), 'no key, no explanation before finishing');

  const tasks = tasksOf(mock);
  // All right but the first task, which is answered wrong, then changed to right, then wrong again.
  for (const task of tasks) t.equal((await save(b, student, mock.attemptId, task.id, rightAnswer(task.kind))).statusCode, 204);
  t.equal((await save(b, student, mock.attemptId, tasks[0]!.id, rightAnswer(tasks[0]!.kind))).statusCode, 204, 'the same answer twice is a 204');
  t.equal((await save(b, student, mock.attemptId, tasks[0]!.id, wrongAnswer(tasks[0]!.kind))).statusCode, 204, 'a changed answer overwrites');
  const seen = (await view(b, student, mock.attemptId)).json();
  t.same(seen.sections[0].questions[0].answer, wrongAnswer(tasks[0]!.kind));
  t.equal(seen.result, null);
  t.notOk(/correctAnswer|explanation/.test(JSON.stringify(seen)), 'still no key while open');

  const done = await finish(b, student, mock.attemptId);
  t.equal(done.statusCode, 200);
  const result = done.json();
  t.equal(result.total, 139);
  t.equal(result.max, 140);
  t.same(result.subjects.map((s: { subject: string; score: number; max: number }) => [s.subject, s.score, s.max]),
    [['kz-history', 19, 20], ['reading-literacy', 10, 10], ['math-literacy', 10, 10], ['math', 50, 50], ['physics', 50, 50]]);
  t.ok(result.subjects.every((s: { passed: boolean }) => s.passed));
  t.ok(result.topics.length > 0 && result.topics.every((x: { of: number }) => x.of > 0));
  t.same((await finish(b, student, mock.attemptId)).json(), result, 'finishing twice answers the same result');

  const events = await outboxEvents(b.pool, 'practice.attempt.finished.v1');
  t.equal(events.length, 1, 'one finished event, written with the finish');
  t.match(events[0]!.data, { attemptId: mock.attemptId, kind: 'mock', total: 139, max: 140, finishedBy: 'student', profileSubjects: ['math', 'physics'], language: 'ru' });

  const closed = await save(b, student, mock.attemptId, tasks[1]!.id, rightAnswer(tasks[1]!.kind));
  t.equal(closed.statusCode, 409);
  t.equal(closed.json().code, 'attempt-closed');
  const reviewed = (await view(b, student, mock.attemptId)).json();
  t.same(reviewed.result, result);
  t.same(reviewed.sections[0].questions[0].correctAnswer, rightAnswer(tasks[0]!.kind), 'keys after finishing');
  t.ok(reviewed.sections[0].questions[0].explanation);
});

t.test('when answers are saved wrongly, then each is refused with the right status and nothing else is written', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const student = await enrol(b, randomUUID());
  const mock = (await start(b, student)).json();
  const tasks = tasksOf(mock);
  const single = tasks.find((x) => x.kind === 'single')!;
  const matching = tasks.find((x) => x.kind === 'matching')!;

  const wrongShape = await save(b, student, mock.attemptId, single.id, ['a']);
  t.equal(wrongShape.statusCode, 422);
  t.equal(wrongShape.json().code, 'invalid-answer');
  t.equal((await save(b, student, mock.attemptId, single.id, 'z')).statusCode, 422, 'not an option');
  t.equal((await save(b, student, mock.attemptId, matching.id, { l1: 'l2' })).statusCode, 422, 'matching onto a left option');
  t.equal((await save(b, student, mock.attemptId, randomUUID(), 'a')).statusCode, 404, 'a question not in the attempt');
  t.equal((await save(b, student, randomUUID(), single.id, 'a')).statusCode, 404, 'no such attempt');
  const stranger = await enrol(b, randomUUID());
  t.equal((await save(b, stranger, mock.attemptId, single.id, 'a')).statusCode, 404, "another student's attempt");
  t.equal((await view(b, stranger, mock.attemptId)).statusCode, 404);
  t.equal((await finish(b, stranger, mock.attemptId)).statusCode, 404);
  t.equal((await b.app.inject({ method: 'PUT', url: `/v1/practice/mocks/${mock.attemptId}/answers/${single.id}`, headers: student, payload: {} })).statusCode, 400);
  const { rows } = await b.pool.query('SELECT count(*)::int AS n FROM mock_answers');
  t.equal(rows[0].n, 0);

  b.clock.now = new Date(new Date(mock.deadline).getTime() + 1000);
  const late = await save(b, student, mock.attemptId, single.id, 'a');
  t.equal(late.statusCode, 409, 'after the deadline');
  t.equal(late.json().code, 'attempt-closed');
});

t.test('when the pair, the access or the window is wrong, then the start is refused with its code', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const code = async (res: Awaited<ReturnType<typeof start>>) => `${res.statusCode} ${res.json().code ?? ''}`.trim();

  const nobody = b.as(randomUUID());
  t.equal(await code(await start(b, nobody)), '403 no-course-access');
  const bonusOnly = await enrol(b, randomUUID(), { courseUntil: new Date(SUNDAY_NOON.getTime() - DAY).toISOString() });
  t.equal(await code(await start(b, bonusOnly)), '403 no-course-access', 'the bonus period has no mocks');

  const locked = await enrol(b, randomUUID(), { profileSubject: 'math-informatics', profileSubjects: ['math', 'informatics'] });
  t.equal(await code(await start(b, locked)), '409 profile-pair-locked');
  const student = await enrol(b, randomUUID());
  t.equal(await code(await start(b, student, { profileSubjects: ['math', 'biology'], language: 'ru' })), '422 unknown-profile-pair');
  t.equal(await code(await start(b, student, { profileSubjects: ['math', 'math'], language: 'ru' })), '422 unknown-profile-pair');
  t.equal(await code(await start(b, student, { profileSubjects: ['math', 'physics'], language: 'kk' })), '409 bank-incomplete', 'no kk bank');
  t.equal((await start(b, student, { profileSubjects: ['math'], language: 'ru' })).statusCode, 400);

  const reversed = await start(b, student, { profileSubjects: ['physics', 'math'], language: 'ru' });
  t.equal(reversed.statusCode, 201, 'the pair in either order');
  t.equal(reversed.json().sections[3].subject, 'physics', 'profile sections in the order asked');

  b.clock.now = new Date('2026-12-07T07:00:00Z'); // Monday
  t.equal(await code(await start(b, await enrol(b, randomUUID()))), '409 no-open-window');
});

t.test('when a student starts twice in one window, even at once, then exactly one attempt exists', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const student = await enrol(b, randomUUID());
  const both = await Promise.all([start(b, student), start(b, student)]);
  t.same(both.map((r) => r.statusCode).sort(), [201, 409]);
  t.equal(both.find((r) => r.statusCode === 409)!.json().code, 'already-attempted');
  t.equal((await start(b, student)).json().code, 'already-attempted');
  const { rows } = await b.pool.query('SELECT count(*)::int AS n FROM mock_attempts');
  t.equal(rows[0].n, 1);
});

t.test('when the deadline passes unfinished (practice down or not), then the sweeper finishes the attempt by the deadline, once', async (t) => {
  const b = await build(t, { now: SUNDAY_NOON });
  await seedMockBank(b, 'ru');
  const student = await enrol(b, randomUUID());
  const mock = (await start(b, student)).json();
  const task = tasksOf(mock)[0]!;
  await save(b, student, mock.attemptId, task.id, rightAnswer(task.kind));

  t.equal(await finishOverdueAttempts(b.ctx, b.clock.now), 0, 'nothing is due before the deadline');
  b.clock.now = new Date(SUNDAY_NOON.getTime() + 2 * DAY);
  const [a, b2] = await Promise.all([finishOverdueAttempts(b.ctx, b.clock.now), finishOverdueAttempts(b.ctx, b.clock.now)]);
  t.equal(a + b2, 1, 'two sweepers at once finish it once');
  const seen = (await view(b, student, mock.attemptId)).json();
  t.equal(seen.finishedBy, 'deadline');
  t.equal(seen.finishedAt, mock.deadline);
  t.equal(seen.result.total, 1);
  const events = await outboxEvents(b.pool, 'practice.attempt.finished.v1');
  t.equal(events.length, 1);
  t.equal(events[0]!.data.finishedBy, 'deadline');
  t.same((await finish(b, student, mock.attemptId)).json(), seen.result, 'the student finishing later gets the same result');
});
