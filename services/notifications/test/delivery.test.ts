import t from 'tap';
import { EntryWon, UserRegistered } from '@joo/contracts';
import { SENDGRID_IDEMPOTENCY_ARG } from '@joo/testing';
import { randomUUID } from 'node:crypto';
import { claimDue } from '../src/store/deliveries.js';
import { apply, build, DELIVERY, envelope, messagesOf, registered } from './helper.js';

const DAY = new Date('2026-03-10T06:00:00Z'); // 11:00 Almaty

async function userWithWelcome(b: Awaited<ReturnType<typeof build>>, o: Parameters<typeof registered>[0] = {}) {
  const u = registered(o);
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  return u;
}

t.test('when messages are due, then e-mail reaches SendGrid and SMS reaches Twilio through the real SDKs, with our id', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b, { locale: 'ru' });
  t.equal(await b.drain(), 2);
  const [email, sms] = await messagesOf(b.pool, u.userId);
  t.equal(b.sendgrid.received.length, 1);
  const mail = b.sendgrid.received[0]!;
  t.same(mail.to, [u.data.email]);
  t.equal(mail.subject, email.subject);
  t.equal(mail.text, email.body);
  t.equal(mail.customArgs[SENDGRID_IDEMPOTENCY_ARG], email.id);
  t.equal(email.provider_id, mail.messageId);
  t.equal(email.status, 'sent');
  const text = b.twilio.messages()[0]!;
  t.equal(text.to, u.data.phone);
  t.equal(text.body, sms.body);
  t.equal(text.idempotencyKey, sms.id, 'the status callback URL names the message');
  t.equal(text.statusCallback, `https://notify.joo.test/v1/notifications/webhooks/twilio?messageId=${sms.id}`);
  t.equal(sms.provider_id, text.sid);
  t.equal(sms.status, 'sent');
  const metrics = await b.app.metrics.metrics();
  t.match(metrics, /joo_notifications_messages_total\{channel="email",status="sent",service="notifications"\} 1/);
  t.match(metrics, /joo_notifications_pending\{service="notifications"\} 0/);
});

t.test('when a winner is called, then Twilio gets TwiML that says the text in Russian', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b, { locale: 'kk' });
  await apply(b.ctx, envelope(EntryWon, u.userId, { contestId: 'c', userId: u.userId, title: { kk: 'Байқау', ru: 'Конкурс' }, prize: 'iPad', taxable: false, drawnAt: DAY.toISOString() }));
  await b.drain();
  const call = b.twilio.calls()[0]!;
  t.match(call.body, /^<\?xml[^>]*><Response><Say language="ru-RU">Здравствуйте! .*Конкурс.*<\/Say><\/Response>$/);
});

t.test('when the provider answers 5xx, then the message is retried with back-off and sent once', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b, { phone: '' as string });
  b.sendgrid.fail(2, { status: 503 });
  await b.worker.runOnce();
  let [email] = await messagesOf(b.pool, u.userId);
  t.same([email.status, email.attempts], ['pending', 1]);
  t.equal(email.next_attempt_at.toISOString(), new Date(DAY.getTime() + DELIVERY.retryBaseMs).toISOString());
  t.equal(await b.worker.runOnce(), 0, 'not due before the back-off');
  b.clock.advance(DELIVERY.retryBaseMs);
  await b.worker.runOnce();
  [email] = await messagesOf(b.pool, u.userId);
  t.equal(email.next_attempt_at.toISOString(), new Date(b.clock.now.getTime() + 2 * DELIVERY.retryBaseMs).toISOString(), 'the delay doubled');
  b.clock.advance(2 * DELIVERY.retryBaseMs);
  await b.worker.runOnce();
  [email] = await messagesOf(b.pool, u.userId);
  t.same([email.status, email.attempts], ['sent', 3]);
  t.equal(b.sendgrid.sendRequests, 3);
  t.equal(b.sendgrid.received.length, 1);
  const log = (await b.app.inject({ method: 'GET', url: `/v1/notifications/admin/messages/${email.id}`, headers: b.admin })).json();
  t.same(log.log.map((l: any) => [l.what, l.outcome, l.httpStatus]), [['attempt', 'retry', 503], ['attempt', 'retry', 503], ['attempt', 'accepted', null]]);
  t.match(await b.app.metrics.metrics(), /joo_notifications_failures_total\{channel="email",service="notifications"\} 2/);
});

t.test('when the provider answers 4xx, then the message fails for good, is logged and delivery.failed is published', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b, { phone: '+77' });
  await b.drain();
  const sms = (await messagesOf(b.pool, u.userId)).find((m) => m.channel === 'sms');
  t.same([sms.status, sms.attempts], ['failed', 1]);
  t.match(sms.last_error, /Twilio 400 \(21211\)/);
  b.clock.advance(3_600_000);
  t.equal(await b.worker.runOnce(), 0, 'not retried');
  const { rows } = await b.pool.query(`SELECT envelope FROM outbox WHERE type = 'notifications.delivery.failed.v1'`);
  t.equal(rows.length, 1);
  t.match(rows[0].envelope.data, { messageId: sms.id, userId: u.userId, channel: 'sms', template: 'welcome', reason: /21211/ });
  t.match(await b.app.metrics.metrics(), /joo_notifications_messages_total\{channel="sms",status="failed",service="notifications"\} 1/);
});

t.test('when attempts are used up on 5xx, then the message fails', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b, { phone: '' as string });
  b.sendgrid.fail(DELIVERY.maxAttempts, { status: 500 });
  for (let i = 0; i < DELIVERY.maxAttempts; i += 1) {
    await b.worker.runOnce();
    b.clock.advance(DELIVERY.retryMaxMs);
  }
  const [email] = await messagesOf(b.pool, u.userId);
  t.same([email.status, email.attempts], ['failed', DELIVERY.maxAttempts]);
  t.match(email.last_error, /attempts used up/);
});

t.test('when the provider times out after taking the message, then the retry looks it up and sends no second one', async (t) => {
  const b = await build(t, { now: DAY, timeoutMs: 300 });
  const u = await userWithWelcome(b, { phone: '' as string });
  b.sendgrid.fail(1, { delayMs: 1000, accept: true });
  await b.worker.runOnce();
  let [email] = await messagesOf(b.pool, u.userId);
  t.same([email.status, email.in_doubt], ['pending', true], 'a timeout leaves the outcome in doubt');
  b.clock.advance(DELIVERY.retryBaseMs);
  await b.worker.runOnce();
  [email] = await messagesOf(b.pool, u.userId);
  t.equal(email.status, 'sent');
  t.equal(b.sendgrid.byKey(email.id).length, 1, 'one mail at SendGrid');
  t.equal(email.provider_id, b.sendgrid.byKey(email.id)[0]!.messageId);
});

t.test('when the provider times out without taking it, then the lookup finds nothing and it is sent once', async (t) => {
  const b = await build(t, { now: DAY, timeoutMs: 300 });
  const u = await userWithWelcome(b, { email: 'a@example.kz' });
  b.twilio.fail(1, { delayMs: 1000 });
  await b.worker.runOnce();
  b.clock.advance(DELIVERY.retryBaseMs);
  await b.worker.runOnce();
  const sms = (await messagesOf(b.pool, u.userId)).find((m) => m.channel === 'sms');
  t.equal(sms.status, 'sent');
  t.equal(b.twilio.byKey(sms.id).length, 1);
});

t.test('when the process dies between the provider taking a message and the record, then a restart sends no second message', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b);
  const crashing = b.newWorker({ afterSend: () => { throw new Error('killed'); } });
  await crashing.runOnce();
  let rows = await messagesOf(b.pool, u.userId);
  t.same(rows.map((m) => m.status), ['sending', 'sending'], 'nothing recorded');
  t.equal(b.sendgrid.received.length + b.twilio.received.length, 2, 'both reached the providers');
  t.equal(await b.newWorker().runOnce(), 0, 'a restart leaves them alone while the lease holds');
  b.clock.advance(DELIVERY.leaseMs);
  await b.newWorker().runOnce();
  rows = await messagesOf(b.pool, u.userId);
  t.same(rows.map((m) => m.status), ['sent', 'sent']);
  for (const m of rows) {
    const at = m.channel === 'email' ? b.sendgrid.byKey(m.id) : b.twilio.byKey(m.id);
    t.equal(at.length, 1, `${m.channel}: one message at the provider`);
    t.equal(m.provider_id, m.channel === 'email' ? (at[0] as any).messageId : (at[0] as any).sid);
  }
  t.equal(b.sendgrid.sendRequests, 1);
  t.equal(b.twilio.createRequests, 1);
  const log = (await b.app.inject({ method: 'GET', url: `/v1/notifications/admin/messages/${rows[0].id}`, headers: b.admin })).json();
  t.same(log.log.map((l: any) => [l.what, l.outcome]), [['lookup', 'accepted']]);
});

t.test('when the process dies after claiming but before sending, then a restart looks up, finds nothing and sends once', async (t) => {
  const b = await build(t, { now: DAY });
  const u = await userWithWelcome(b);
  t.equal((await claimDue(b.pool, b.clock.now, 10, DELIVERY.leaseMs, randomUUID())).length, 2);
  b.clock.advance(DELIVERY.leaseMs);
  await b.newWorker().runOnce();
  const rows = await messagesOf(b.pool, u.userId);
  t.same(rows.map((m) => [m.status, m.attempts]), [['sent', 2], ['sent', 2]]);
  t.equal(b.sendgrid.received.length, 1);
  t.equal(b.twilio.received.length, 1);
});

t.test('when two workers run at once, then each message is claimed by one of them', async (t) => {
  const b = await build(t, { now: DAY });
  for (let i = 0; i < 10; i += 1) await userWithWelcome(b);
  const [x, y] = [b.newWorker(), b.newWorker()];
  for (let i = 0; i < 5; i += 1) await Promise.all([x.runOnce(), y.runOnce()]);
  t.equal(b.sendgrid.received.length, 10);
  t.equal(b.twilio.received.length, 10);
  t.equal(new Set(b.sendgrid.received.map((m) => m.idempotencyKey)).size, 10);
});
