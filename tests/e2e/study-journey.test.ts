import t from 'tap';
import { randomUUID } from 'node:crypto';
import { createJooClient } from '@joo/client';
import { connectBus, publishEnvelope } from '@joo/bus';
import { AttemptFinished, type EventData } from '@joo/contracts';
import { eventually, startPlatform, TEST_NATS_URL } from '@joo/testing';
import { client } from './http.js';
import { buyInSandbox, register, signedIn } from './steps.js';

t.test('curator journey through the gateway: buy, practise, a scored mock, the curator sees the progress and leaves feedback, the student gets it', async (t) => {
  const platform = await startPlatform(t, { services: ['catalog', 'billing', 'practice', 'notifications'] });
  // practice's progress and curator routes are newer than the committed API description: raw calls
  const call = client(platform.gatewayUrl);
  const visitor = createJooClient({ baseUrl: platform.gatewayUrl });
  const signIn = async (login: string, password: string, device = 'web') => {
    const joo = await signedIn(platform.gatewayUrl, login, password, device);
    return { joo, token: joo.session.tokens!.accessToken };
  };

  t.comment('platform up');
  const student = { fullName: 'Айдана Серікова', region: 'almaty', email: 'aidana.curated@example.kz', phone: '+7 705 444 55 66', password: 'mock-every-sunday-2026', locale: 'ru' as const };
  const { userId } = await register(visitor, student);
  const aidana = await signIn(student.email, student.password);
  const token = aidana.token;
  t.equal((await buyInSandbox(aidana.joo)).confirmed.status, 200);

  t.comment('bought');
  // Practise a topic once the package reaches practice.
  let session = await call('POST', '/v1/practice/sessions', { token, body: { subject: 'physics', topic: 'kinematics', language: 'ru', count: 5 } });
  await eventually(async () => (session = await call('POST', '/v1/practice/sessions', { token, body: { subject: 'physics', topic: 'kinematics', language: 'ru', count: 5 } })).body.freeOnly === false,
    { timeoutMs: 30_000, message: 'the entitlement reaches practice' });
  for (const q of session.body.questions) {
    const answered = await call('POST', `/v1/practice/sessions/${session.body.id}/answers`, { token, body: { questionId: q.id, answer: q.options[0].id } });
    t.equal(answered.status, 200);
  }

  t.comment('practised');
  // A scored mock, as the mock's finish publishes it on practice's stream.
  const bus = await connectBus({ url: TEST_NATS_URL, prefix: platform.busPrefix, name: 'curator-journey' });
  t.teardown(() => bus.close());
  await bus.ensureStream('practice');
  const finishedAt = new Date().toISOString();
  const attempt: EventData<typeof AttemptFinished> = {
    attemptId: randomUUID(), userId, kind: 'mock', windowId: randomUUID(), language: 'ru', profileSubjects: ['math', 'physics'], total: 87, max: 140,
    subjects: [{ subject: 'kz-history', score: 14, max: 20, minimum: 5, passed: true }, { subject: 'physics', score: 22, max: 50, minimum: 5, passed: true }],
    topics: [{ subject: 'physics', topic: 'dynamics', correct: 1, of: 6 }],
    startedAt: new Date(Date.now() - 3_600_000).toISOString(), finishedAt, scoredAt: finishedAt, finishedBy: 'student',
  };
  await publishEnvelope(bus, { id: randomUUID(), type: AttemptFinished.type, source: 'practice', time: finishedAt, subject: attempt.attemptId, data: attempt });
  const results = await eventually(async () => {
    const r = await call('GET', '/v1/practice/me/results', { token });
    return r.body.items?.length === 1 ? r.body : undefined;
  }, { timeoutMs: 30_000, message: 'the scored mock reaches progress' });
  t.match(results.items[0], { attemptId: attempt.attemptId, total: 87, rescored: false });
  const mine = await call('GET', '/v1/practice/me/progress', { token });
  t.equal(mine.status, 200);
  t.match(mine.body.weakestTopics, [{ subject: 'physics', topic: 'dynamics', correct: 1, of: 6 }]);

  t.comment('mock result seen');
  // An admin makes a curator and assigns the student.
  const curatorUser = { ...student, fullName: 'Гульнара Ахметова', email: 'gulnara.curator@example.kz', phone: '+7 705 444 55 77', password: 'curating-since-2020' };
  const { userId: curatorId } = await register(visitor, curatorUser);
  const { token: adminToken } = await signIn(platform.admin.email, platform.admin.password, 'admin-pc');
  t.equal((await call('PUT', `/v1/identity/admin/users/${curatorId}/roles`, { token: adminToken, body: { roles: ['student', 'curator'] } })).status, 200);
  const assigned = await call('PUT', `/v1/practice/admin/curators/${curatorId}/students`, { token: adminToken, body: { studentIds: [userId] } });
  t.equal(assigned.status, 200);
  const { token: curator } = await signIn(curatorUser.email, curatorUser.password, 'curator-pc');

  const students = await call('GET', '/v1/practice/curator/students', { token: curator });
  t.equal(students.status, 200);
  t.match(students.body.items, [{ studentId: userId, latestMock: { best: 87 }, weakestTopics: [{ topic: 'dynamics' }] }]);
  t.ok(students.body.items[0].lastActivityAt, 'last activity is known');
  const progress = await call('GET', `/v1/practice/curator/students/${userId}/progress`, { token: curator });
  t.equal(progress.status, 200);
  t.match(progress.body, { studentId: userId, mocks: { weeks: [{ best: 87 }] } });
  t.equal((await call('GET', `/v1/practice/curator/students/${curatorId}/progress`, { token: curator })).status, 404, 'not their student');

  t.comment('curator sees the student');
  const feedback = await call('POST', `/v1/practice/curator/students/${userId}/feedback`, { token: curator, body: { text: 'Повторите динамику: законы Ньютона.' } });
  t.equal(feedback.status, 201);
  const seen = await call('GET', '/v1/practice/me/feedback', { token });
  t.match(seen.body.items, [{ curatorId, text: 'Повторите динамику: законы Ньютона.' }]);

  const told = await eventually(async () => {
    const r = await call('GET', '/v1/notifications/me', { token });
    return (r.body.items as Array<{ template: string; body: string; locale: string }> | undefined)?.find((m) => m.template === 'curator_feedback');
  }, { timeoutMs: 30_000, message: 'notifications tells the student' });
  t.match(told, { locale: 'ru', body: /Повторите динамику: законы Ньютона/ });
  await eventually(async () => {
    const r = await call('GET', '/v1/notifications/me', { token });
    return (r.body.items as Array<{ template: string }>).some((m) => m.template === 'mock_result');
  }, { timeoutMs: 30_000, message: 'and of the mock result' });

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
