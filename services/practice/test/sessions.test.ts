import { randomUUID } from 'node:crypto';
import t from 'tap';
import { apply, build, grantedEvent, matchingQuestion, multipleQuestion, revokedEvent, singleQuestion, type Built } from './helper.js';

async function seedBank(b: Built, rows: Array<Record<string, unknown>>): Promise<string[]> {
  const res = await b.app.inject({ method: 'POST', url: '/v1/practice/admin/questions/import', headers: b.admin, payload: rows });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.body}`);
  return res.json().items.map((i: { id: string }) => i.id);
}

const start = (b: Built, headers: Record<string, string>, payload: Record<string, unknown>) =>
  b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers, payload });
const answer = (b: Built, headers: Record<string, string>, sessionId: string, payload: Record<string, unknown>) =>
  b.app.inject({ method: 'POST', url: `/v1/practice/sessions/${sessionId}/answers`, headers, payload });

t.test('when a student with an entitlement practises a topic, then they get its questions without answers and each answer is scored', async (t) => {
  const b = await build(t);
  await seedBank(b, [singleQuestion(), singleQuestion(), multipleQuestion({ topic: 'linear-equations' }), singleQuestion({ topic: 'percent' })]);
  const userId = randomUUID();
  const student = b.as(userId);
  await apply(b.pool, grantedEvent(userId));

  const session = await start(b, student, { subject: 'math', topic: 'linear-equations', language: 'ru', count: 10 });
  t.equal(session.statusCode, 201);
  const s = session.json();
  t.equal(s.questions.length, 3, 'every question of the topic, no more');
  t.equal(s.freeOnly, false);
  t.notOk(JSON.stringify(s).includes('"answer"') || JSON.stringify(s).includes('explanation'), 'no answer key, no explanation');

  const single = s.questions.find((q: { kind: string }) => q.kind === 'single');
  const right = await answer(b, student, s.id, { questionId: single.id, answer: 'b' });
  t.equal(right.statusCode, 200);
  t.same(right.json(), { correct: true, points: 1, maxPoints: 1, explanation: '2x = 8, x = 4', correctAnswer: 'b' });
  const again = await answer(b, student, s.id, { questionId: single.id, answer: 'b' });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'already-answered');

  const multiple = s.questions.find((q: { kind: string }) => q.kind === 'multiple');
  const oneMistake = await answer(b, student, s.id, { questionId: multiple.id, answer: ['a'] });
  t.match(oneMistake.json(), { correct: false, points: 1, maxPoints: 2, correctAnswer: ['a', 'c'] }, 'multiple answers: one mistake, 1 of 2');

  const other = s.questions.find((q: { id: string; kind: string }) => q.kind === 'single' && q.id !== single.id);
  const wrongShape = await answer(b, student, s.id, { questionId: other.id, answer: ['b'] });
  t.equal(wrongShape.statusCode, 400);
  t.match(wrongShape.json(), { errors: [{ field: '/answer' }] });
});

t.test("when another student answers in someone's session, then it is a 404", async (t) => {
  const b = await build(t);
  await seedBank(b, [singleQuestion()]);
  const owner = randomUUID();
  await apply(b.pool, grantedEvent(owner));
  const s = (await start(b, b.as(owner), { subject: 'math', language: 'ru', count: 1 })).json();
  const stranger = randomUUID();
  await apply(b.pool, grantedEvent(stranger));
  const res = await answer(b, b.as(stranger), s.id, { questionId: s.questions[0].id, answer: 'b' });
  t.equal(res.statusCode, 404);
  t.equal((await answer(b, b.as(owner), randomUUID(), { questionId: s.questions[0].id, answer: 'b' })).statusCode, 404);
  t.equal((await answer(b, b.as(owner), s.id, { questionId: randomUUID(), answer: 'b' })).statusCode, 404);
});

t.test('when a student has no entitlement, then only the free demo set is open; a revoked one closes the bank again', async (t) => {
  const b = await build(t);
  await seedBank(b, [singleQuestion(), singleQuestion({ free: true }), matchingQuestion()]);
  const userId = randomUUID();
  const student = b.as(userId);
  const free = await start(b, student, { subject: 'math', language: 'ru', count: 5 });
  t.equal(free.statusCode, 201);
  t.equal(free.json().freeOnly, true);
  t.equal(free.json().questions.length, 1, 'the free question only');
  const closed = await start(b, student, { subject: 'physics', language: 'kk', count: 5 });
  t.equal(closed.statusCode, 403);
  t.equal(closed.json().code, 'no-entitlement');

  const grant = grantedEvent(userId);
  await apply(b.pool, grant);
  t.equal((await start(b, student, { subject: 'physics', language: 'kk', count: 5 })).statusCode, 201, 'open once catalog granted');
  await apply(b.pool, revokedEvent(userId, grant.data.entitlementId));
  t.equal((await start(b, student, { subject: 'physics', language: 'kk', count: 5 })).statusCode, 403, 'closed once catalog revoked');

  await apply(b.pool, grantedEvent(userId, { validUntil: new Date(Date.now() - 1000).toISOString() }));
  t.equal((await start(b, student, { subject: 'physics', language: 'kk', count: 5 })).statusCode, 403, 'an ended entitlement opens nothing');
  t.equal((await start(b, student, { subject: 'math', language: 'ru', count: 41 })).statusCode, 400, 'count is 1 to 40');
});

t.test('when a revocation arrives before its grant, then the entitlement stays revoked', async (t) => {
  const b = await build(t);
  await seedBank(b, [singleQuestion()]);
  const userId = randomUUID();
  const grant = grantedEvent(userId);
  await apply(b.pool, revokedEvent(userId, grant.data.entitlementId));
  await apply(b.pool, grant);
  t.equal((await start(b, b.as(userId), { subject: 'math', language: 'ru', count: 1 })).statusCode, 403);
});

t.test('when students answer a question, then its statistics count them and rank them by ability', async (t) => {
  const b = await build(t);
  const [target] = await seedBank(b, [singleQuestion(), singleQuestion({ topic: 'other' })]);
  for (let i = 0; i < 12; i += 1) {
    const userId = randomUUID();
    await apply(b.pool, grantedEvent(userId));
    const s = (await start(b, b.as(userId), { subject: 'math', language: 'ru', count: 2 })).json();
    // The stronger half answers both right, the weaker half both wrong.
    for (const q of s.questions) await answer(b, b.as(userId), s.id, { questionId: q.id, answer: i < 6 ? 'b' : 'a' });
  }
  const stats = await b.app.inject({ method: 'GET', url: `/v1/practice/admin/questions/${target}/stats`, headers: b.admin });
  t.equal(stats.statusCode, 200);
  t.same(stats.json(), { attempts: 12, correctShare: 0.5, discrimination: 1 });
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/practice/admin/questions/${randomUUID()}/stats`, headers: b.admin })).statusCode, 404);
});

t.test('when a question is edited after a session drew it, then the session is scored on the version it was given', async (t) => {
  const b = await build(t);
  const [id] = await seedBank(b, [singleQuestion()]);
  const userId = randomUUID();
  await apply(b.pool, grantedEvent(userId));
  const s = (await start(b, b.as(userId), { subject: 'math', language: 'ru', count: 1 })).json();
  await b.app.inject({ method: 'PUT', url: `/v1/practice/admin/questions/${id}`, headers: b.admin, payload: singleQuestion({ answer: 'c' }) });
  const res = await answer(b, b.as(userId), s.id, { questionId: id!, answer: 'b' });
  t.match(res.json(), { correct: true, correctAnswer: 'b' });
});
