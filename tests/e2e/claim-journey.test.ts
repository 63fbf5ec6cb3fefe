import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';
import { register, signedIn } from './steps.js';

// The claim routes are new: the generated client learns them when the lead regenerates the API
// description, so this journey calls them as raw JSON with the signed-in session's token.
t.test('claim journey through the gateway: a claim filed and one received by e-mail, both answered within 90 days, the answer e-mailed', async (t) => {
  const platform = await startPlatform(t, { services: ['refunds', 'notifications'] });
  const baseUrl = platform.gatewayUrl;
  const call = client(baseUrl);
  const student = { fullName: 'Арман Сериков', region: 'almaty', email: 'arman.claim@example.kz', phone: '+7 702 333 44 55', password: 'sabaq-oqu-2026!', locale: 'ru' as const };
  const { userId } = await register(createJooClient({ baseUrl }), student);
  const arman = (await signedIn(baseUrl, student.email, student.password, 'Browser')).session.tokens!.accessToken;
  const admin = (await signedIn(baseUrl, platform.admin.email, platform.admin.password, 'admin')).session.tokens!.accessToken;

  // Filed on the platform (13.1: signed in, never anonymous).
  t.equal((await call('POST', '/v1/refunds/claims', { body: { subject: 'Тест', text: 'Без входа в систему' } })).status, 401, 'no anonymous claims');
  const filed = await call('POST', '/v1/refunds/claims', { token: arman, body: { subject: 'Не работает тест', text: 'Пробный ЕНТ по истории не засчитывает ответы.' } });
  t.equal(filed.status, 201, JSON.stringify(filed.body));
  t.match(filed.body, { status: 'received', receivedAt: String, answerDueBy: /^\d{4}-\d{2}-\d{2}$/ });

  // Received by e-mail at info@joo.kz three days ago, entered by an admin: due 90 days after receipt.
  // refunds learns the student from identity's event, so the admin's entry is repeated until it has.
  const receivedAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const emailed = await eventually(async () => {
    const r = await call('POST', '/v1/refunds/admin/claims', { token: admin, body: { userId, receivedAt, subject: 'Письмо о доступе', text: 'Прошу разобраться с доступом к курсу.' } });
    return r.status === 201 && r.body;
  }, { timeoutMs: 15_000, intervalMs: 200 });
  t.match(emailed, { channel: 'email', receivedAt: new Date(receivedAt).toISOString() });
  const anonymous = await call('POST', '/v1/refunds/admin/claims', { token: admin, body: { receivedAt, subject: 'Аноним', text: 'Письмо без подписи и адреса.' } });
  t.match(anonymous, { status: 422, body: { type: /anonymous-claim$/ } }, 'a claim from no identifiable person is not considered (13.1)');

  const queue = (await call('GET', '/v1/refunds/admin/claims?status=received', { token: admin })).body;
  t.same(queue.items.map((c: { id: string }) => c.id), [emailed.id, filed.body.id], 'the admin queue is oldest first');
  t.match(queue.items[0], { overdue: false, daysLeft: 87, userId });

  // Answered within the deadline; a second answer is refused; the student reads it and is e-mailed it.
  const answer = 'Ошибка исправлена, ответы пробного ЕНТ пересчитаны. Спасибо, что написали.';
  const answered = await call('POST', `/v1/refunds/admin/claims/${filed.body.id}/answer`, { token: admin, body: { text: answer } });
  t.equal(answered.status, 200, JSON.stringify(answered.body));
  // The due date's Almaty day ends at 19:00 UTC (UTC+5).
  t.ok(Date.parse(answered.body.answer.answeredAt) < Date.parse(`${answered.body.answerDueBy}T19:00:00Z`), 'answered on or before answerDueBy (13.2)');
  t.equal((await call('POST', `/v1/refunds/admin/claims/${filed.body.id}/answer`, { token: admin, body: { text: answer } })).status, 409, 'answered once');
  const mine = await call('GET', `/v1/refunds/claims/${filed.body.id}`, { token: arman });
  t.match(mine.body, { status: 'answered', answer: { text: answer } });
  t.equal((await call('GET', '/v1/refunds/me/claims', { token: arman })).body.items.length, 2, 'both claims are the student\'s');

  const sendgrid = platform.providers!.sendgrid;
  const mail = await eventually(async () => sendgrid.received.find((m) => m.to.includes(student.email) && m.subject.includes('Ответ на вашу претензию')),
    { timeoutMs: 20_000, intervalMs: 200 }).catch(() => undefined);
  t.ok(mail, 'SendGrid received the answer e-mail for the student');
  t.ok(mail?.text.includes(answer), 'with the admin\'s answer in it');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
