import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';
import { buyInSandbox, register, signedIn } from './steps.js';

t.test('practice journey through the gateway: the format, the free demo set, buy, practise a topic, answer; an author adds a question', async (t) => {
  const platform = await startPlatform(t, { services: ['catalog', 'billing', 'practice'] });
  // practice's routes are newer than the committed API description: raw calls for them, the client for the rest
  const call = client(platform.gatewayUrl);
  const visitor = createJooClient({ baseUrl: platform.gatewayUrl });
  const signIn = async (login: string, password: string, device = 'web') => {
    const joo = await signedIn(platform.gatewayUrl, login, password, device);
    return { joo, token: joo.session.tokens!.accessToken };
  };

  const format = await call('GET', '/v1/practice/formats/current');
  t.equal(format.status, 200);
  t.match(format.body, { tasks: 120, maxPoints: 140, durationMinutes: 240 });

  const student = { fullName: 'Ерлан Жақсылықов', region: 'shymkent', email: 'erlan.practice@example.kz', phone: '+7 705 333 44 55', password: 'physics-is-fun-2026', locale: 'ru' as const };
  t.match(await register(visitor, student), { userId: /^[0-9a-f-]{36}$/ });
  const erlan = await signIn(student.email, student.password);
  let token = erlan.token;
  const practise = (topic: string) => call('POST', '/v1/practice/sessions', { token, body: { subject: 'physics', topic, language: 'ru', count: 10 } });

  const before = await practise('kinematics');
  t.equal(before.status, 201, 'the seeded demo bank is there');
  t.equal(before.body.freeOnly, true, 'before paying: the free demo set only');
  t.equal(before.body.questions.length, 1);

  const purchase = await buyInSandbox(erlan.joo);
  t.equal(purchase.confirmed.status, 200);
  // catalog grants the package, its event reaches practice's copy of entitlements
  let session = before;
  await eventually(async () => (session = await practise('kinematics')).body.freeOnly === false, { timeoutMs: 15_000, message: 'the entitlement reaches practice' });
  t.equal(session.status, 201);
  t.equal(session.body.questions.length, 6, 'every demo kinematics question in ru');
  t.notOk(JSON.stringify(session.body).includes('correctAnswer') || JSON.stringify(session.body).includes('"answer"'), 'no answer key before answering');

  // The stem names the distance and the time; the student computes v = s / t.
  const q = session.body.questions[0];
  const [s, time] = (q.stem.match(/\d+/g) as string[]).map(Number);
  const right = q.options.find((o: { text: string }) => Number(o.text.replace(/[^\d]/g, '')) === s! / time!);
  const answered = await call('POST', `/v1/practice/sessions/${session.body.id}/answers`, { token, body: { questionId: q.id, answer: right.id } });
  t.equal(answered.status, 200);
  t.match(answered.body, { correct: true, points: 1, explanation: /v = s \/ t/ });

  const stranger = { ...student, email: 'dana.practice@example.kz', phone: '+7 705 333 44 66', fullName: 'Дана Омарова' };
  t.match(await register(visitor, stranger), { userId: /^[0-9a-f-]{36}$/ });
  const { token: strangerToken } = await signIn(stranger.email, stranger.password);
  const peek = await call('POST', `/v1/practice/sessions/${session.body.id}/answers`, { token: strangerToken, body: { questionId: q.id, answer: right.id } });
  t.equal(peek.status, 404, "another student's session is not found");

  // An admin makes the student an author; the next token carries the role.
  const { token: adminToken } = await signIn(platform.admin.email, platform.admin.password, 'admin-pc');
  const me = await call('GET', '/v1/identity/me', { token });
  const roles = await call('PUT', `/v1/identity/admin/users/${me.body.id}/roles`, { token: adminToken, body: { roles: ['student', 'author'] } });
  t.equal(roles.status, 200);
  const question = {
    subject: 'physics', topic: 'kinematics', language: 'ru', kind: 'single', stem: 'Автомобиль едет 2 ч со скоростью 60 км/ч. Какой путь он проедет?',
    options: [{ id: 'a', text: '30 км' }, { id: 'b', text: '120 км' }, { id: 'c', text: '62 км' }], answer: 'b', explanation: 's = v·t = 120 км',
  };
  t.equal((await call('POST', '/v1/practice/admin/questions', { token, body: question })).status, 403, 'not yet an author with the old token');
  token = (await signIn(student.email, student.password, 'laptop')).token;
  const added = await call('POST', '/v1/practice/admin/questions', { token, body: question });
  t.equal(added.status, 201, 'an author adds a question');
  t.equal((await practise('kinematics')).body.questions.length, 7, 'and students practise it');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
