import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';
import { register, signedIn } from './steps.js';

// The reset routes are new: the generated client learns them when the lead regenerates the API
// description, so this journey calls them as raw JSON.
t.test('password reset through the gateway: the e-mailed code sets a new password, old sessions end, the new password signs in', async (t) => {
  const platform = await startPlatform(t, { services: ['notifications'] });
  const baseUrl = platform.gatewayUrl;
  const call = client(baseUrl);
  const student = { fullName: 'Әлия Нұрланқызы', region: 'almaty', email: 'aliya.reset@example.kz', phone: '+7 705 444 55 66', password: 'Eski-Qupiya-2026', locale: 'ru' as const };
  await register(createJooClient({ baseUrl }), student);
  const old = (await signedIn(baseUrl, student.email, student.password, 'Phone')).session.tokens!.accessToken;

  const unknown = await call('POST', '/v1/identity/password-reset', { body: { login: 'nobody.reset@example.kz' } });
  const asked = await call('POST', '/v1/identity/password-reset', { body: { login: student.email } });
  t.equal(unknown.status, 202);
  t.equal(asked.status, 202);
  t.same(unknown.body, asked.body, 'the same answer whether or not the account exists');

  const sendgrid = platform.providers!.sendgrid;
  const mail = await eventually(async () => sendgrid.received.find((m) => m.to.includes(student.email) && m.subject.includes('Код для смены пароля')),
    { timeoutMs: 30_000, intervalMs: 250 });
  const code = /(\d{6})/.exec(mail!.subject)![1]!;
  t.notOk(sendgrid.received.some((m) => m.to.includes('nobody.reset@example.kz')), 'nothing went to the unknown login');

  const newPassword = 'Jana-Qupiya-2027';
  t.equal((await call('POST', '/v1/identity/password-reset/confirm', { body: { login: student.email, code, newPassword } })).status, 204);
  await eventually(async () => (await call('GET', '/v1/identity/me', { token: old })).status === 401, { timeoutMs: 5000, intervalMs: 50 });
  const reused = await call('POST', '/v1/identity/password-reset/confirm', { body: { login: student.email, code, newPassword: 'Ush-Qupiya-2028' } });
  t.equal(reused.status, 400);
  t.match(reused.body, { type: /invalid-reset-code$/ });
  const device = { id: 'laptop', name: 'Laptop' };
  t.equal((await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device } })).status, 401, 'the old password is gone');
  t.equal((await call('POST', '/v1/identity/login', { body: { login: student.email, password: newPassword, device } })).status, 200);

  await platform.stop();
});
