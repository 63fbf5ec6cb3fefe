import t from 'tap';
import { OfferPublished, UserRegistered, UserSuspended, UserWarned } from '@joo/contracts';
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
