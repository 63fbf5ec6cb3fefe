import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { contextSubjects, mockBankRows } from '../../services/practice/test/fixtures/mock-bank.js';
import { client } from './http.js';
import { buyInSandbox, register, signedIn } from './steps.js';

type Task = { id: string; kind: string; options: { id: string }[] };

t.test('study journey through the gateway: buy, practise a topic, sit the mock in its window, finish, appeal, re-scored, the curator sees the progress and leaves feedback, the student gets it', async (t) => {
  // The weekly default is off so that an admin window can open now whatever the day; the ticker runs often.
  const platform = await startPlatform(t, {
    services: ['catalog', 'billing', 'practice', 'notifications'],
    env: { practice: { MOCK_WEEKLY_ENABLED: 'false', MOCK_TICK_INTERVAL_MS: '500' } },
  });
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
  const { token: adminToken } = await signIn(platform.admin.email, platform.admin.password, 'admin-pc');
  const keyOf = async (questionId: string) => (await call('GET', `/v1/practice/admin/questions/${questionId}`, { token: adminToken })).body.answer;

  // Practise a topic once the package reaches practice, every answer wrong: the topic becomes weak.
  const practise = () => call('POST', '/v1/practice/sessions', { token, body: { subject: 'physics', topic: 'kinematics', language: 'ru', count: 5 } });
  let session = await practise();
  await eventually(async () => (session = await practise()).body.freeOnly === false, { timeoutMs: 30_000, message: 'the entitlement reaches practice' });
  t.equal(session.body.questions.length, 5);
  for (const q of session.body.questions as Task[]) {
    const key = await keyOf(q.id);
    const answered = await call('POST', `/v1/practice/sessions/${session.body.id}/answers`, { token, body: { questionId: q.id, answer: q.options.find((o) => o.id !== key)!.id } });
    t.match(answered.body, { correct: false }, 'a wrong answer is told so');
  }

  t.comment('practised');
  // The mock: a full math–physics bank in ru, an admin window open now.
  const contexts: Record<string, string> = {};
  for (const subject of contextSubjects(['math', 'physics'])) {
    contexts[subject] = (await call('POST', '/v1/practice/admin/contexts', { token: adminToken, body: { subject, language: 'ru', title: `${subject}: e2e`, text: 'Текст для заданий.' } })).body.id;
  }
  t.equal((await call('POST', '/v1/practice/admin/questions/import', { token: adminToken, body: mockBankRows('ru', ['math', 'physics'], contexts, 'study') })).status, 201);
  const now = Date.now();
  t.equal((await call('POST', '/v1/practice/admin/windows', { token: adminToken, body: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 2 * 3_600_000).toISOString() } })).status, 201);
  const started = await call('POST', '/v1/practice/mocks', { token, body: { profileSubjects: ['math', 'physics'], language: 'ru' } });
  t.equal(started.status, 201, 'the mock starts in its window');
  const mock = started.body;
  const tasks: Task[] = mock.sections.flatMap((section: { questions: Task[] }) => section.questions);
  const disputed = tasks.find((x) => x.kind === 'single')!;
  const keys = new Map<string, unknown>();
  for (const task of tasks) keys.set(task.id, await keyOf(task.id));
  const disputedAnswer = disputed.options.find((o) => o.id !== keys.get(disputed.id))!.id;
  for (const task of tasks) {
    const saved = await call('PUT', `/v1/practice/mocks/${mock.attemptId}/answers/${task.id}`, { token, body: { answer: task.id === disputed.id ? disputedAnswer : keys.get(task.id) } });
    if (saved.status !== 204) t.fail(`save ${task.id}: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  const finished = await call('POST', `/v1/practice/mocks/${mock.attemptId}/finish`, { token });
  t.match(finished.body, { total: 139, max: 140 }, 'every task right but the disputed one');

  t.comment('mock finished');
  const appeal = await call('POST', `/v1/practice/mocks/${mock.attemptId}/appeals`, { token, body: { questionId: disputed.id, reason: 'Мой ответ тоже верен' } });
  t.equal(appeal.status, 201);
  t.equal((await call('POST', `/v1/practice/admin/appeals/${appeal.body.id}/accept`, { token: adminToken, body: { answer: disputedAnswer } })).status, 200);
  const results = await eventually(async () => {
    const r = await call('GET', '/v1/practice/me/results', { token });
    return r.body.items?.[0]?.total === 140 ? r.body : undefined;
  }, { timeoutMs: 30_000, message: 'the re-scored mock reaches the student\'s results' });
  t.match(results.items[0], { attemptId: mock.attemptId, total: 140, rescored: true, previousTotal: 139 });
  const mine = await call('GET', '/v1/practice/me/progress', { token });
  t.equal(mine.status, 200);
  // Kinematics: the five practice answers wrong, the mock's kinematics tasks right; still the weakest.
  t.match(mine.body.weakestTopics[0], { subject: 'physics', topic: 'kinematics' });
  t.ok(mine.body.weakestTopics[0].accuracy < 0.8, `kinematics at ${mine.body.weakestTopics[0].accuracy}`);

  t.comment('mock result seen');
  // An admin makes a curator and assigns the student.
  const curatorUser = { ...student, fullName: 'Гульнара Ахметова', email: 'gulnara.curator@example.kz', phone: '+7 705 444 55 77', password: 'curating-since-2020' };
  const { userId: curatorId } = await register(visitor, curatorUser);
  t.equal((await call('PUT', `/v1/identity/admin/users/${curatorId}/roles`, { token: adminToken, body: { roles: ['student', 'curator'] } })).status, 200);
  const assigned = await call('PUT', `/v1/practice/admin/curators/${curatorId}/students`, { token: adminToken, body: { studentIds: [userId] } });
  t.equal(assigned.status, 200);
  const { token: curator } = await signIn(curatorUser.email, curatorUser.password, 'curator-pc');

  const students = await call('GET', '/v1/practice/curator/students', { token: curator });
  t.equal(students.status, 200);
  t.match(students.body.items, [{ studentId: userId, latestMock: { best: 140 }, weakestTopics: [{ topic: 'kinematics' }] }]);
  t.ok(students.body.items[0].lastActivityAt, 'last activity is known');
  const progress = await call('GET', `/v1/practice/curator/students/${userId}/progress`, { token: curator });
  t.equal(progress.status, 200);
  t.match(progress.body, { studentId: userId, mocks: { weeks: [{ best: 140 }] } });
  t.equal((await call('GET', `/v1/practice/curator/students/${curatorId}/progress`, { token: curator })).status, 404, 'not their student');

  t.comment('curator sees the student');
  const feedback = await call('POST', `/v1/practice/curator/students/${userId}/feedback`, { token: curator, body: { text: 'Повторите кинематику: равноускоренное движение.' } });
  t.equal(feedback.status, 201);
  const seen = await call('GET', '/v1/practice/me/feedback', { token });
  t.match(seen.body.items, [{ curatorId, text: 'Повторите кинематику: равноускоренное движение.' }]);

  const told = await eventually(async () => {
    const r = await call('GET', '/v1/notifications/me', { token });
    return (r.body.items as Array<{ template: string; body: string; locale: string }> | undefined)?.find((m) => m.template === 'curator_feedback');
  }, { timeoutMs: 30_000, message: 'notifications tells the student' });
  t.match(told, { locale: 'ru', body: /Повторите кинематику: равноускоренное движение/ });
  await eventually(async () => {
    const r = await call('GET', '/v1/notifications/me', { token });
    return (r.body.items as Array<{ template: string }>).some((m) => m.template === 'mock_result');
  }, { timeoutMs: 30_000, message: 'and of the mock result' });

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
