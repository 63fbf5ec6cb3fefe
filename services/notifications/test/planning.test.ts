import t from 'tap';
import { ConsentChanged, ContestLaunched, EntryWon, PaymentSucceeded, UserErased, UserRegistered, SessionRevoked } from '@joo/contracts';
import { RecipientUnknownError } from '../src/usecases/plan.js';
import { apply, build, envelope, messagesOf, registered } from './helper.js';

const NIGHT = new Date('2026-03-10T17:30:00Z'); // 22:30 in Almaty
const DAY = new Date('2026-03-10T06:00:00Z'); // 11:00 in Almaty

const contest = (regions?: string[]) => envelope(ContestLaunched, 'c-1', {
  contestId: 'c-1', title: { kk: 'Үздік түлек', ru: 'Лучший выпускник' }, description: { kk: 'Сипаттама.', ru: 'Описание.' },
  sponsor: { name: 'Kaspi' }, prizes: [{ name: 'MacBook', quantity: 1 }], startsAt: DAY.toISOString(), endsAt: '2026-04-01T00:00:00Z',
  ...(regions ? { regions } : {}), commitment: 'ab'.repeat(32), launchedAt: DAY.toISOString(),
});

t.test('when marketing goes out, then each channel needs its own consent', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const none = registered();
  const emailOnly = registered({ consents: { marketingEmail: true } });
  const all = registered({ consents: { marketingEmail: true, marketingSms: true, marketingCalls: true } });
  for (const u of [none, emailOnly, all]) await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, contest());
  const marketing = async (userId: string) => (await messagesOf(pool, userId)).filter((m) => m.template === 'contest_launched').map((m) => m.channel);
  t.same(await marketing(none.userId), [], 'no consent: nothing');
  t.same(await marketing(emailOnly.userId), ['email']);
  t.same(await marketing(all.userId), ['email', 'sms'], 'the template has no call');
  // Welcome is transactional: it went to everyone.
  t.same((await messagesOf(pool, none.userId)).filter((m) => m.template === 'welcome').map((m) => m.channel), ['email', 'sms']);
});

t.test('when consent is withdrawn, then queued marketing on that channel is cancelled', async (t) => {
  const { ctx, pool } = await build(t, { now: NIGHT });
  const u = registered({ consents: { marketingEmail: true, marketingSms: true } });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, contest());
  await apply(ctx, envelope(ConsentChanged, u.userId, { userId: u.userId, consents: { marketingEmail: true, marketingSms: false, marketingCalls: false, crossBorderTransfer: true }, changedAt: new Date().toISOString() }));
  const rows = (await messagesOf(pool, u.userId)).filter((m) => m.template === 'contest_launched');
  t.same(rows.map((m) => [m.channel, m.status]), [['email', 'pending'], ['sms', 'cancelled']]);
});

t.test('when marketing is queued in quiet hours, then SMS waits for 09:00 Almaty and e-mail and transactional SMS do not', async (t) => {
  const { ctx, pool } = await build(t, { now: NIGHT });
  const u = registered({ consents: { marketingEmail: true, marketingSms: true } });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, contest());
  const rows = await messagesOf(pool, u.userId);
  const at = (template: string, channel: string) => rows.find((m) => m.template === template && m.channel === channel)!.next_attempt_at.toISOString();
  t.equal(at('contest_launched', 'sms'), '2026-03-11T04:00:00.000Z');
  t.equal(at('contest_launched', 'email'), NIGHT.toISOString());
  t.equal(at('welcome', 'sms'), NIGHT.toISOString(), 'transactional SMS goes at night');
});

t.test('when a contest is for some regions, then only their users hear of it', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const almaty = registered({ region: 'almaty', consents: { marketingEmail: true } });
  const astana = registered({ region: 'astana', consents: { marketingEmail: true } });
  for (const u of [almaty, astana]) await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, contest(['astana']));
  const count = async (id: string) => (await messagesOf(pool, id)).filter((m) => m.template === 'contest_launched').length;
  t.equal(await count(almaty.userId), 0);
  t.equal(await count(astana.userId), 1);
});

t.test('when users have different locales, then each gets their language and calls are in Russian', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const kk = registered({ locale: 'kk' });
  const ru = registered({ locale: 'ru' });
  for (const u of [kk, ru]) await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  for (const u of [kk, ru]) {
    await apply(ctx, envelope(EntryWon, u.userId, { contestId: 'c', userId: u.userId, title: { kk: 'Байқау', ru: 'Конкурс' }, prize: 'iPad', taxable: true, drawnAt: DAY.toISOString() }));
  }
  const won = async (id: string) => Object.fromEntries((await messagesOf(pool, id)).filter((m) => m.template === 'contest_won').map((m) => [m.channel, m]));
  const k = await won(kk.userId);
  t.equal(k.email.locale, 'kk');
  t.match(k.email.subject, /Байқау/);
  t.match(k.email.body, /салық/, 'the tax note of offer 12.1, in Kazakh');
  t.equal(k.sms.locale, 'kk');
  t.equal(k.voice.locale, 'ru', 'no Kazakh speech: the call is Russian');
  t.match(k.voice.body, /Конкурс/);
  const r = await won(ru.userId);
  t.equal(r.email.locale, 'ru');
  t.match(r.email.body, /налогом/);
});

t.test('when an event names a user not known yet, then it fails to be retried; after registration it queues', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered();
  const paid = envelope(PaymentSucceeded, 'o-1', {
    paymentId: 'p-1', orderId: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000', userId: u.userId, productId: 'ent-full', productVersion: 1,
    profileSubject: null, amount: 1_990_000, currency: 'KZT', provider: 'fake', paidAt: DAY.toISOString(),
  });
  await t.rejects(apply(ctx, paid), { name: 'RecipientUnknownError', userId: u.userId });
  t.equal(new RecipientUnknownError('x').name, 'RecipientUnknownError');
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await apply(ctx, paid);
  const payment = (await messagesOf(pool, u.userId)).filter((m) => m.template === 'payment_received');
  t.same(payment.map((m) => m.channel), ['email', 'sms']);
  t.match(payment[0].body, /19\u00a0900\u00a0₸/);
  t.match(payment[0].body, /0190AAAA/);
});

t.test('when a session ends because the user logged out, then nothing is sent; when evicted, then the user is told', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered({ locale: 'ru' });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  const revoked = (reason: 'logout' | 'evicted') => envelope(SessionRevoked, u.userId, {
    userId: u.userId, sessionId: `s-${reason}`, reason, deviceName: 'iPhone', revokedAt: DAY.toISOString(), tokensValidUntil: DAY.toISOString(),
  });
  await apply(ctx, revoked('logout'));
  await apply(ctx, revoked('evicted'));
  const rows = (await messagesOf(pool, u.userId)).filter((m) => m.template === 'session_revoked');
  t.equal(rows.length, 1);
  t.match(rows[0].body, /четвёртого устройства/);
});

t.test('when a user is erased, then contacts and texts go, counts stay, and the notice goes to the address given', async (t) => {
  const { ctx, pool, app, drain } = await build(t, { now: DAY });
  const u = registered({ phone: '+77' });
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  await drain(); // the SMS fails at Twilio, whose error quotes the number
  await apply(ctx, envelope(PaymentSucceeded, 'o-2', {
    paymentId: 'p-2', orderId: 'o-2', userId: u.userId, productId: 'ent', productVersion: 1, profileSubject: null, amount: 100, currency: 'KZT', provider: 'fake', paidAt: DAY.toISOString(),
  }));
  const before = (await messagesOf(pool, u.userId)).length;
  await apply(ctx, envelope(UserErased, u.userId, { userId: u.userId, noticeEmail: 'notice@example.kz', locale: 'ru', erasedAt: DAY.toISOString() }));
  const rows = await messagesOf(pool, u.userId);
  t.equal(rows.length, before + 1, 'rows are kept for counts');
  for (const m of rows.filter((r) => r.template !== 'erasure_done')) {
    t.same([m.address, m.subject, m.body, m.last_error], [null, null, null, null], `${m.template} ${m.channel} erased`);
  }
  t.same(rows.filter((r) => r.template === 'welcome').map((m) => m.status), ['sent', 'failed'], 'statuses stay for counts');
  t.same(rows.filter((r) => r.template === 'payment_received').map((m) => m.status), ['cancelled', 'cancelled'], 'what was still waiting does not go');
  const { rows: logs } = await pool.query('SELECT detail FROM delivery_log');
  t.ok(logs.length >= 2);
  t.notOk(logs.some((l) => l.detail?.includes('+77')), 'no address left in the delivery log');
  const notice = rows.find((m) => m.template === 'erasure_done');
  t.equal(notice.address, 'notice@example.kz');
  const { rows: [r] } = await pool.query('SELECT email, phone, full_name, region, erased_at FROM recipients WHERE user_id = $1', [u.userId]);
  t.same([r.email, r.phone, r.full_name, r.region], [null, null, null, null]);
  t.ok(r.erased_at);
  // Later events about the user queue nothing, and a late profile update does not bring contacts back.
  await apply(ctx, envelope(UserRegistered, u.userId, u.data));
  t.equal((await messagesOf(pool, u.userId)).length, before + 1);
  t.equal((await pool.query('SELECT email FROM recipients WHERE user_id = $1', [u.userId])).rows[0].email, null);
  t.ok(app);
});

t.test('when the same event is handled twice past the inbox (a replayed dead letter), then the unique key keeps one message per channel', async (t) => {
  const { ctx, pool } = await build(t, { now: DAY });
  const u = registered();
  const e = envelope(UserRegistered, u.userId, u.data);
  await apply(ctx, e);
  await apply(ctx, e);
  t.same((await messagesOf(pool, u.userId)).map((m) => m.channel), ['email', 'sms']);
});
