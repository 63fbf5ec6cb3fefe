import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { contextSubjects, mockBankRows } from '../../services/practice/test/fixtures/mock-bank.js';
import { client } from './http.js';
import { buyInSandbox, register, signedIn } from './steps.js';

type Task = { id: string; kind: string; options: { id: string }[] };

t.test('mock journey through the gateway: buy, sit the weekly mock in its window, finish, appeal, the admin accepts, re-scored', async (t) => {
  // The weekly default is off so that an admin window can open now whatever the day; the ticker runs often.
  const platform = await startPlatform(t, {
    services: ['catalog', 'billing', 'practice'],
    env: { practice: { MOCK_WEEKLY_ENABLED: 'false', MOCK_TICK_INTERVAL_MS: '500' } },
  });
  // practice's mock routes are newer than the committed API description: raw calls
  const call = client(platform.gatewayUrl);
  const visitor = createJooClient({ baseUrl: platform.gatewayUrl });
  const admin = (await signedIn(platform.gatewayUrl, platform.admin.email, platform.admin.password, 'admin-pc')).session.tokens!.accessToken;

  // A bank that holds a full math–physics mock in ru whatever the demo bank holds.
  const contexts: Record<string, string> = {};
  for (const subject of contextSubjects(['math', 'physics'])) {
    const res = await call('POST', '/v1/practice/admin/contexts', { token: admin, body: { subject, language: 'ru', title: `${subject}: e2e`, text: 'Текст для заданий.' } });
    t.equal(res.status, 201);
    contexts[subject] = res.body.id;
  }
  t.equal((await call('POST', '/v1/practice/admin/questions/import', { token: admin, body: mockBankRows('ru', ['math', 'physics'], contexts, 'e2e') })).status, 201);

  const now = Date.now();
  const window = await call('POST', '/v1/practice/admin/windows', { token: admin, body: { opensAt: new Date(now - 60_000).toISOString(), closesAt: new Date(now + 2 * 3_600_000).toISOString() } });
  t.equal(window.status, 201);
  const windows = await call('GET', '/v1/practice/windows');
  t.match(windows.body.items, [{ id: window.body.id, open: true, source: 'admin' }]);

  const student = { fullName: 'Айгерим Сейтқали', region: 'almaty', email: 'aigerim.mock@example.kz', phone: '+7 705 444 55 66', password: 'mock-sunday-2026', locale: 'kk' as const };
  t.match(await register(visitor, student), { userId: /^[0-9a-f-]{36}$/ });
  const joo = await signedIn(platform.gatewayUrl, student.email, student.password, 'web');
  const token = joo.session.tokens!.accessToken;
  const startMock = () => call('POST', '/v1/practice/mocks', { token, body: { profileSubjects: ['math', 'physics'], language: 'ru' } });

  const unpaid = await startMock();
  t.equal(unpaid.status, 403, 'no package, no mock');
  t.equal((await buyInSandbox(joo)).confirmed.status, 200);
  let started = unpaid;
  await eventually(async () => (started = await startMock()).status === 201, { timeoutMs: 20_000, message: 'the entitlement reaches practice' });
  const mock = started.body;
  const tasks: Task[] = mock.sections.flatMap((s: { questions: Task[] }) => s.questions);
  t.equal(tasks.length, 120);
  t.match(mock.format, { tasks: 120, maxPoints: 140 });
  t.notOk(/"answer"|correctAnswer|explanation/.test(JSON.stringify(mock)), 'no key before finishing');
  t.equal((await startMock()).body.code, 'already-attempted');

  // The student answers every task right but one single-answer task (the admin's bank says what is right).
  const keys = new Map<string, unknown>();
  for (const task of tasks) keys.set(task.id, (await call('GET', `/v1/practice/admin/questions/${task.id}`, { token: admin })).body.answer);
  const disputed = tasks.find((x) => x.kind === 'single')!;
  const disputedAnswer = disputed.options.find((o) => o.id !== keys.get(disputed.id))!.id;
  for (const task of tasks) {
    const answer = task.id === disputed.id ? disputedAnswer : keys.get(task.id);
    const saved = await call('PUT', `/v1/practice/mocks/${mock.attemptId}/answers/${task.id}`, { token, body: { answer } });
    if (saved.status !== 204) t.fail(`save ${task.id}: ${saved.status} ${JSON.stringify(saved.body)}`);
  }

  const finished = await call('POST', `/v1/practice/mocks/${mock.attemptId}/finish`, { token });
  t.equal(finished.status, 200);
  t.match(finished.body, { total: 139, max: 140 });
  t.equal(finished.body.subjects.length, 5);
  t.same((await call('POST', `/v1/practice/mocks/${mock.attemptId}/finish`, { token })).body, finished.body, 'finishing again: the same result');

  const appeal = await call('POST', `/v1/practice/mocks/${mock.attemptId}/appeals`, { token, body: { questionId: disputed.id, reason: 'Мой ответ тоже верен' } });
  t.equal(appeal.status, 201);
  const queue = await call('GET', '/v1/practice/admin/appeals', { token: admin });
  t.match(queue.body.items[0], { id: appeal.body.id, status: 'pending', questionId: disputed.id });
  const accepted = await call('POST', `/v1/practice/admin/appeals/${appeal.body.id}/accept`, { token: admin, body: { answer: disputedAnswer } });
  t.equal(accepted.status, 200);
  t.match(accepted.body, { status: 'accepted', rescoring: 1 });
  t.equal((await call('POST', `/v1/practice/admin/appeals/${appeal.body.id}/reject`, { token: admin, body: { reason: 'передумал' } })).status, 409);

  const rescored = await eventually(async () => {
    const seen = await call('GET', `/v1/practice/mocks/${mock.attemptId}`, { token });
    return seen.body.result?.total === 140 && seen.body;
  }, { timeoutMs: 20_000, message: 'the ticker re-scores the attempt' });
  const task = rescored.sections.flatMap((s: { questions: Array<{ id: string }> }) => s.questions).find((q: { id: string }) => q.id === disputed.id);
  t.match(task, { answer: disputedAnswer, correctAnswer: disputedAnswer });

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
