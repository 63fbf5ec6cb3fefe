import { randomUUID } from 'node:crypto';
import t from 'tap';
import { withTransaction } from '@joo/db';
import { identityRoutes } from '../src/events/identity.js';
import { progressRoutes } from '../src/events/progress.js';
import { apply, build, erasedEvent, finishedEvent, grantedEvent, singleQuestion } from './helper.js';

t.test("when a student is erased, then their attempts, answers, feedback and assignments go and the question's statistics keep only counts", async (t) => {
  const b = await build(t);
  const question = (await b.app.inject({ method: 'POST', url: '/v1/practice/admin/questions', headers: b.admin, payload: singleQuestion() })).json();
  const [erased, kept] = [randomUUID(), randomUUID()];
  for (const [userId, answer] of [[erased, 'b'], [kept, 'a']] as const) {
    await apply(b.pool, grantedEvent(userId));
    const s = (await b.app.inject({ method: 'POST', url: '/v1/practice/sessions', headers: b.as(userId), payload: { subject: 'math', language: 'ru', count: 1 } })).json();
    await b.app.inject({ method: 'POST', url: `/v1/practice/sessions/${s.id}/answers`, headers: b.as(userId), payload: { questionId: question.id, answer } });
    await withTransaction(b.pool, (tx) => progressRoutes.handle(finishedEvent(userId), tx));
  }
  const curatorId = randomUUID();
  await b.app.inject({ method: 'PUT', url: `/v1/practice/admin/curators/${curatorId}/students`, headers: b.admin, payload: { studentIds: [erased, kept] } });
  await b.app.inject({ method: 'POST', url: `/v1/practice/curator/students/${erased}/feedback`, headers: b.as(curatorId, ['curator']), payload: { text: 'Молодец' } });
  const stats = async () => (await b.app.inject({ method: 'GET', url: `/v1/practice/admin/questions/${question.id}/stats`, headers: b.admin })).json();
  t.match(await stats(), { attempts: 2, correctShare: 0.5 });

  const event = erasedEvent(erased);
  await withTransaction(b.pool, (tx) => identityRoutes.handle(event, tx));
  await withTransaction(b.pool, (tx) => identityRoutes.handle(event, tx)); // applied twice: no double count

  const count = async (sql: string) => Number((await b.pool.query<{ n: string }>(sql, [erased])).rows[0]!.n);
  t.equal(await count('SELECT count(*) AS n FROM session_answers WHERE user_id = $1'), 0, 'answers gone');
  t.equal(await count('SELECT count(*) AS n FROM practice_sessions WHERE user_id = $1'), 0, 'sessions gone');
  t.equal(await count('SELECT count(*) AS n FROM attempt_results WHERE user_id = $1'), 0, 'attempts gone');
  t.equal(await count('SELECT count(*) AS n FROM feedback WHERE student_id = $1'), 0, 'feedback gone');
  t.equal(await count('SELECT count(*) AS n FROM curator_students WHERE student_id = $1'), 0, 'assignment gone');
  t.match(await stats(), { attempts: 2, correctShare: 0.5 }, 'the question keeps its counts');
  t.same((await b.app.inject({ method: 'GET', url: '/v1/practice/me/results', headers: b.as(kept) })).json().items.length, 1, 'the other student keeps theirs');

  await withTransaction(b.pool, (tx) => progressRoutes.handle(finishedEvent(erased), tx));
  t.equal(await count('SELECT count(*) AS n FROM attempt_results WHERE user_id = $1'), 0, 'a late attempt event does not bring them back');
});
