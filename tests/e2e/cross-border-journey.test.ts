import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';
import { register, type Student } from './steps.js';

/**
 * Offer 3.7: SendGrid and Twilio process personal data outside Kazakhstan. A student who did not
 * agree to the cross-border transfer gets nothing from them; the messages wait in the in-app inbox,
 * until they agree.
 */
t.test('cross-border consent through the gateway: without it the inbox only, with it e-mail and SMS', async (t) => {
  const platform = await startPlatform(t, { services: ['notifications'] });
  const { sendgrid, twilio } = platform.providers!;
  const call = client(platform.gatewayUrl);
  const visitor = createJooClient({ baseUrl: platform.gatewayUrl });
  const aliya: Student = { fullName: 'Әлия Сейітова', region: 'almaty', email: 'aliya.home@example.kz', phone: '+7 701 444 55 66', password: 'tek-qazaqstanda-2026', locale: 'kk' };
  const bolat: Student = { fullName: 'Болат Ермеков', region: 'almaty', email: 'bolat.abroad@example.kz', phone: '+7 701 444 55 77', password: 'sendgrid-is-fine-2026', locale: 'ru' };
  await register(visitor, aliya, { crossBorder: false });
  await register(visitor, bolat);
  const signIn = async (s: Student, device: string) =>
    (await call('POST', '/v1/identity/login', { body: { login: s.email, password: s.password, device: { id: device, name: device }, evictOldest: true } })).body.accessToken as string;
  const aliyaToken = await signIn(aliya, 'phone');
  await signIn(bolat, 'phone');

  const toAliya = () => [...sendgrid.received.filter((m) => m.to.includes(aliya.email)), ...twilio.messages().filter((m) => m.to === '+77014445566')];
  const inbox = async (token: string) => (await call('GET', '/v1/notifications/me', { token })).body.items as Array<{ id: string; template: string; status: string; readAt: string | null }>;

  // Bolat agreed: his welcome and sign-in notice reach SendGrid. Both students' events were handled by then.
  await eventually(() => sendgrid.received.filter((m) => m.to.includes(bolat.email)).length >= 2, { timeoutMs: 20_000, intervalMs: 200 });
  const kept = await eventually(async () => { const items = await inbox(aliyaToken); return items.length >= 2 && items; }, { timeoutMs: 20_000, intervalMs: 200 });
  t.same(kept.map((m) => [m.template, m.status]).sort(), [['session_started', 'inbox'], ['welcome', 'inbox']], 'Aliya\'s messages are in her inbox');
  t.same(toAliya(), [], 'and nothing of hers reached SendGrid or Twilio');

  const read = await call('POST', `/v1/notifications/me/${kept[0]!.id}/read`, { token: aliyaToken });
  t.equal(read.status, 204, 'she marks one read');
  t.ok((await inbox(aliyaToken)).find((m) => m.id === kept[0]!.id)!.readAt, 'and it shows as read');

  // She agrees later, with the existing consents route: from then on her messages go out.
  const consents = await call('PUT', '/v1/identity/me/consents', {
    token: aliyaToken, body: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: true },
  });
  t.equal(consents.status, 200, JSON.stringify(consents.body));
  // The consent reaches notifications by an event: sign in on a new device until a sign-in notice goes out by e-mail.
  let device = 0;
  await eventually(async () => {
    await signIn(aliya, `laptop-${device++}`);
    return sendgrid.received.some((m) => m.to.includes(aliya.email));
  }, { timeoutMs: 20_000, intervalMs: 500 });
  t.ok(sendgrid.received.some((m) => m.to.includes(aliya.email)), 'with the consent, e-mail reaches her');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
