import { randomUUID } from 'node:crypto';
import t from 'tap';
import { sweepRoutes } from '@joo/testing';
import { apply, build, grantedEvent, matchingQuestion, singleQuestion } from './helper.js';

t.test('when every route of the OpenAPI document gets odd input, then it answers a problem, never a 500', async (t) => {
  const b = await build(t);
  const studentId = randomUUID();
  await apply(b.pool, grantedEvent(studentId));
  const curatorId = randomUUID();
  await b.app.inject({ method: 'PUT', url: `/v1/practice/admin/curators/${curatorId}/students`, headers: b.admin, payload: { studentIds: [studentId] } });
  await b.app.inject({ method: 'POST', url: '/v1/practice/admin/questions', headers: b.admin, payload: singleQuestion() });
  // sweepRoutes' Assert type does not accept tap's variadic match() under strict tsc (as in the other services' sweeps).
  const calls = await sweepRoutes(t as unknown as Parameters<typeof sweepRoutes>[0], b.app, {
    headers: (path) => (path.includes('/admin/') ? b.admin : path.includes('/curator/') ? b.as(curatorId, ['curator']) : b.as(studentId)),
    bodies: [
      singleQuestion({ answer: { a: 'b' } }),
      matchingQuestion({ answer: ['l1'] }),
      singleQuestion({ kind: 'context', contextId: randomUUID() }),
      [singleQuestion(), 42, null, 'x'],
      { subject: 'math', language: 'ru', count: 40 },
      { questionId: randomUUID(), answer: { x: 'y' } },
      { profileSubjects: ['math', 'physics'], language: 'ru' },
      { opensAt: new Date(Date.now() + 3_600_000).toISOString(), closesAt: new Date(Date.now() + 7_200_000).toISOString() },
      { opensAt: '2026-13-40T00:00:00Z', closesAt: 'tomorrow' },
      { answer: 'a' }, { annul: true }, { reason: 'x' }, { questionId: randomUUID(), reason: 'unfair' },
      { studentIds: [studentId, randomUUID()] },
      { text: 'Повторите тему' },
    ],
  });
  t.ok(calls > 30, `${calls} calls made`);
});
