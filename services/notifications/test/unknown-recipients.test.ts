import t from 'tap';
import { listDeadLetters } from '@joo/bus';
import { SessionStarted, UserRegistered } from '@joo/contracts';
import { eventually } from '@joo/testing';
import type { Registry } from 'prom-client';
import { RECIPIENT_WAIT_MS, unknownRecipientVerdict } from '../src/events/unknown-recipients.js';
import { build, envelope, messagesOf, registered, withBus } from './helper.js';

const metric = async (registry: Registry, name: string) =>
  ((await registry.getSingleMetric(name)?.get())?.values ?? []).reduce((n, v) => n + v.value, 0);

const sessionOf = (userId: string) => envelope(SessionStarted, userId, { userId, sessionId: 's-1', deviceName: 'Laptop', startedAt: new Date().toISOString() });

t.test('unknownRecipientVerdict: an event waits for its user for half an hour, then is skipped', async (t) => {
  t.equal(unknownRecipientVerdict(0), 'wait');
  t.equal(unknownRecipientVerdict(RECIPIENT_WAIT_MS - 1), 'wait');
  t.equal(unknownRecipientVerdict(RECIPIENT_WAIT_MS), 'skip');
  t.equal(RECIPIENT_WAIT_MS, 30 * 60_000);
});

t.test('when an event is about a user never announced, then after the wait it is skipped and counted, not dead-lettered', async (t) => {
  const b = await build(t);
  const { publish } = await withBus(t, b.ctx, b.app.log);
  // The event was published more than the wait ago (the clock of the service is ahead of it).
  b.clock.set(new Date(Date.now() + RECIPIENT_WAIT_MS + 60_000));
  const stranger = registered();
  await publish(sessionOf(stranger.userId));
  await eventually(async () => (await metric(b.app.metrics, 'joo_notifications_unknown_recipient_total')) === 1, { message: 'the skip counted' });
  t.same(await messagesOf(b.pool, stranger.userId), [], 'nothing queued');
  t.same(await listDeadLetters(b.pool, 'notifications'), [], 'no dead letter');
  await eventually(async () => (await b.pool.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n === 1, { message: 'the event is done with' });
});

t.test('when an event about a user comes before the registration, then it waits without being dead-lettered and is queued once the user is known', async (t) => {
  const b = await build(t);
  const { publish, waits } = await withBus(t, b.ctx, b.app.log);
  const u = registered();
  await publish(sessionOf(u.userId));
  // Five failed deliveries (1 + 2 + 4 + 8 s of back-off) dead-lettered it before.
  await eventually(async () => (await waits()) >= 5, { timeoutMs: 40_000, message: 'five deliveries waited' });
  t.same(await listDeadLetters(b.pool, 'notifications'), [], 'no dead letter after five deliveries');
  await publish(envelope(UserRegistered, u.userId, u.data));
  const session = await eventually(async () => (await messagesOf(b.pool, u.userId)).find((m) => m.template === 'session_started'), { timeoutMs: 20_000 });
  t.equal(session.channel, 'email');
  t.same(await listDeadLetters(b.pool, 'notifications'), [], 'no dead letter');
  t.equal(await metric(b.app.metrics, 'joo_notifications_unknown_recipient_total'), 0, 'not skipped');
});

t.test('when the seeded admin announces itself (no phone, no region, no offer) and signs in, then its sign-in notice goes by e-mail', async (t) => {
  const b = await build(t);
  const { publish } = await withBus(t, b.ctx, b.app.log);
  const admin = registered();
  // What identity's seed emits for the admin account (services/identity/src/seed.ts).
  await publish(envelope(UserRegistered, admin.userId, {
    ...admin.data, fullName: 'Administrator', email: `admin.${process.pid}@joo.test`, phone: '', region: '', locale: 'ru', roles: ['admin'], offerVersion: 0,
  }));
  await publish(sessionOf(admin.userId));
  const session = await eventually(async () => (await messagesOf(b.pool, admin.userId)).find((m) => m.template === 'session_started'), { timeoutMs: 20_000 });
  t.equal(session.channel, 'email');
  t.equal(session.address, `admin.${process.pid}@joo.test`);
  t.same((await messagesOf(b.pool, admin.userId)).filter((m) => m.channel === 'sms'), [], 'no SMS without a phone');
  t.same(await listDeadLetters(b.pool, 'notifications'), [], 'no dead letter');
});
