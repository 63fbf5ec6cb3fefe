import { randomUUID } from 'node:crypto';
import t from 'tap';
import { ConsentChanged, ContestLaunched, RefundApproved, UserRegistered } from '@joo/contracts';
import { apply, build, envelope, messagesOf, registered } from './helper.js';

const DAY = new Date('2026-03-10T06:00:00Z'); // 11:00 in Almaty
const NIGHT = new Date('2026-03-10T17:30:00Z'); // 22:30 in Almaty

const approved = (userId: string) => envelope(RefundApproved, 'app-1', {
  applicationId: randomUUID(), orderId: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000', userId, amount: 16_000_000, currency: 'KZT',
  payoutDueBy: '2026-03-24', approvedAt: DAY.toISOString(),
});

const noConsent = { crossBorderTransfer: false };
const counted = (metrics: string, template: string) =>
  Number(new RegExp(`joo_notifications_required_inbox_only_total\\{template="${template}",service="notifications"\\} (\\d+)`).exec(metrics)?.[1] ?? NaN);

t.test('when a user gave no cross-border consent, then nothing reaches SendGrid or Twilio and the message waits in their inbox', async (t) => {
  const b = await build(t, { now: DAY });
  const home = registered({ consents: noConsent });
  const abroad = registered();
  for (const u of [home, abroad]) await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  b.clock.advance(60_000);
  const event = approved(home.userId);
  await apply(b.ctx, event);
  await apply(b.ctx, event); // a redelivery keeps one copy
  await apply(b.ctx, approved(abroad.userId));
  await b.drain();

  const to = (u: typeof home) => [
    ...b.sendgrid.received.filter((m) => m.to.includes(u.data.email)),
    ...b.twilio.messages().filter((m) => m.to === u.data.phone),
  ];
  t.same(to(home), [], 'nothing of the user went to the providers abroad');
  t.equal(to(abroad).length, 4, 'the user who agreed gets e-mail and SMS, welcome and refund');

  const inbox = await b.app.inject({ url: '/v1/notifications/me', headers: b.bearerOf(home.userId) });
  t.equal(inbox.statusCode, 200);
  t.match(inbox.json().items, [
    { template: 'refund_approved', channel: 'email', status: 'inbox', subject: 'Қайтару мақұлданды', body: /160\s000\s₸.*14\.8/s, readAt: null },
    { template: 'welcome', channel: 'email', status: 'inbox' },
  ], 'one copy per event, newest first, in the e-mail text and the user\'s language');
  t.equal(inbox.json().items.length, 2);
  t.same((await messagesOf(b.pool, home.userId)).map((m) => m.status), ['inbox', 'inbox'], 'nothing queued for a provider at all');

  const metrics = await b.app.metrics.metrics();
  t.equal(counted(metrics, 'refund_approved'), 1, 'a required notice kept only in the inbox is counted, once');
  t.equal(counted(metrics, 'payment_received'), 0, 'every required template is exported from zero');
  t.notMatch(metrics, /required_inbox_only_total\{template="welcome"/, 'welcome is not a required service message');
});

t.test('when a message is marked read, then the inbox shows when; another user\'s message is 404', async (t) => {
  const b = await build(t, { now: DAY });
  const u = registered({ consents: noConsent });
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  const [message] = (await b.app.inject({ url: '/v1/notifications/me', headers: b.bearerOf(u.userId) })).json().items;
  const read = (userId: string, id = message.id) => b.app.inject({ method: 'POST', url: `/v1/notifications/me/${id}/read`, headers: b.bearerOf(userId) });
  t.equal((await read('someone-else')).statusCode, 404);
  t.equal((await read(u.userId)).statusCode, 204);
  b.clock.advance(60_000);
  t.equal((await read(u.userId)).statusCode, 204, 'again: no change');
  t.match((await b.app.inject({ url: '/v1/notifications/me', headers: b.bearerOf(u.userId) })).json().items, [{ id: message.id, readAt: DAY.toISOString() }]);
  t.equal((await read(u.userId, randomUUID())).statusCode, 404);
  t.equal((await read(u.userId, 'not-a-uuid')).statusCode, 400);
});

t.test('when the cross-border consent is withdrawn, then what still waits is not sent and stays in the inbox', async (t) => {
  const b = await build(t, { now: NIGHT });
  const u = registered({ consents: { marketingEmail: true, marketingSms: true } });
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await b.drain(); // the welcome goes out
  await apply(b.ctx, envelope(ContestLaunched, 'c-1', {
    contestId: 'c-1', title: { kk: 'Үздік түлек', ru: 'Лучший выпускник' }, description: { kk: 'Сипаттама.', ru: 'Описание.' },
    sponsor: { name: 'Kaspi' }, prizes: [{ name: 'MacBook', quantity: 1 }], startsAt: DAY.toISOString(), endsAt: '2026-04-01T00:00:00Z',
    commitment: 'ab'.repeat(32), launchedAt: DAY.toISOString(),
  }));
  const sentBefore = b.sendgrid.received.length + b.twilio.messages().length;
  await apply(b.ctx, envelope(ConsentChanged, u.userId, {
    userId: u.userId, consents: { marketingEmail: true, marketingSms: true, marketingCalls: false, crossBorderTransfer: false }, changedAt: new Date().toISOString(),
  }));
  b.clock.advance(12 * 3_600_000); // past the quiet hours the SMS waited for
  await b.drain();
  t.equal(b.sendgrid.received.length + b.twilio.messages().length, sentBefore, 'nothing more went out');
  const contest = (await messagesOf(b.pool, u.userId)).filter((m) => m.template === 'contest_launched').map((m) => [m.channel, m.status]).sort();
  t.same(contest, [['email', 'cancelled'], ['email', 'inbox'], ['sms', 'cancelled']], 'the e-mail text is kept in the inbox');

  // Later events follow the consent as it is now.
  await apply(b.ctx, approved(u.userId));
  t.same((await messagesOf(b.pool, u.userId)).filter((m) => m.template === 'refund_approved').map((m) => m.status), ['inbox']);
});

t.test('when a shutdown is announced, then users with the consent get e-mail and SMS and the others an inbox copy', async (t) => {
  const b = await build(t, { now: DAY });
  const home = registered({ consents: noConsent });
  const abroad = registered();
  for (const u of [home, abroad]) await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  const res = await b.app.inject({
    method: 'POST', url: '/v1/notifications/admin/shutdown-notices', headers: b.admin,
    payload: { shutdownAt: '2026-03-20T06:00:00Z', message: { kk: 'Рахмет!', ru: 'Спасибо!' } },
  });
  t.equal(res.statusCode, 202, res.body);
  await b.drain();
  const shutdown = async (userId: string) => (await messagesOf(b.pool, userId)).filter((m) => m.template === 'shutdown_notice').map((m) => [m.channel, m.status]);
  t.same(await shutdown(home.userId), [['email', 'inbox']]);
  t.same(await shutdown(abroad.userId), [['email', 'sent'], ['sms', 'sent']]);
  t.notOk(b.sendgrid.received.some((m) => m.to.includes(home.data.email)), 'nothing to SendGrid for the user without consent');
});
