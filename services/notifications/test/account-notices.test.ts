import t from 'tap';
import { OfferPublished, PasswordResetRequested, UserRegistered, UserSuspended, UserWarned } from '@joo/contracts';
import { apply, build, envelope, messagesOf, registered } from './helper.js';

const DAY = new Date('2026-12-07T06:00:00Z');

t.test('when a user is warned or suspended, then the reason goes to them by e-mail and SMS in their language', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered({ locale: 'ru' });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, envelope(UserWarned, u.userId, { userId: u.userId, warningId: 'w-1', reason: 'Спам в чате', warnedAt: DAY.toISOString() }));
  await apply(ctx, envelope(UserSuspended, u.userId, { userId: u.userId, reason: 'Передача доступа', suspendedAt: DAY.toISOString() }));
  const rows = (await messagesOf(pool, u.userId)).filter((m) => m.template.startsWith('account_'));
  t.same(rows.map((m) => [m.template, m.channel]).sort(), [
    ['account_suspended', 'email'], ['account_suspended', 'sms'], ['account_warning', 'email'], ['account_warning', 'sms'],
  ]);
  t.match(rows.find((m) => m.template === 'account_warning' && m.channel === 'email'), { locale: 'ru', body: /Причина: Спам в чате/ });
  t.match(rows.find((m) => m.template === 'account_suspended' && m.channel === 'sms'), { body: /Передача доступа/ });
});

t.test('when an offer version is announced for a later date, then the message names the date it takes effect', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered({ locale: 'kk' });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, envelope(OfferPublished, '2', { version: 2, publishedAt: DAY.toISOString(), effectiveAt: '2026-12-19T19:00:00Z' }));
  const [message] = (await messagesOf(pool, u.userId)).filter((m) => m.template === 'offer_published');
  t.match(message, { locale: 'kk', body: /20\.12\.2026 бастап күшіне енеді/ });
});

t.test('when identity asks to send a password-reset code by e-mail, then it goes to SendGrid in the user\'s language and by that channel only', async (t) => {
  const b = await build(t, { now: DAY });
  for (const [locale, words] of [['ru', /Ваш код для смены пароля на joo\.kz: 042917\. Код действует 15 минут \(до 07\.12\.2026 11:15/], ['kk', /құпиясөзін өзгертуге арналған кодыңыз: 042917\. Код 15 минут бойы \(Алматы уақытымен 07\.12\.2026 11:15 дейін\)/]] as const) {
    const u = registered({ locale });
    await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
    await apply(b.ctx, envelope(PasswordResetRequested, u.userId, { userId: u.userId, channel: 'email', code: '042917', expiresAt: '2026-12-07T06:15:00Z' }));
    const rows = (await messagesOf(b.pool, u.userId)).filter((m) => m.template === 'password_reset_code');
    t.same(rows.map((m) => m.channel), ['email'], 'no SMS when the login was the e-mail');
    t.match(rows[0], { locale, body: words });
    await b.drain();
    const mail = b.sendgrid.received.find((m) => m.to.includes(u.data.email) && /042917/.test(m.subject));
    t.ok(mail, 'SendGrid received the code');
    t.equal(mail?.text, rows[0]!.body);
  }
});

t.test('when identity asks to send a password-reset code by SMS, then only an SMS is queued', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered({ locale: 'kk' });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, envelope(PasswordResetRequested, u.userId, { userId: u.userId, channel: 'sms', code: '731005', expiresAt: '2026-12-07T06:15:00Z' }));
  const rows = (await messagesOf(pool, u.userId)).filter((m) => m.template === 'password_reset_code');
  t.same(rows.map((m) => [m.channel, m.locale]), [['sms', 'kk']]);
  t.match(rows[0], { body: /құпиясөзді өзгерту коды 731005/ });
});
