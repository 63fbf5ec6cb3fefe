import t from 'tap';
import { UserRegistered } from '@joo/contracts';
import { twilioSignature } from '@joo/testing';
import { apply, AUTH_TOKEN, build, envelope, messagesOf, PUBLIC_BASE_URL, registered } from './helper.js';

const DAY = new Date('2026-03-10T06:00:00Z');
const SG = '/v1/notifications/webhooks/sendgrid';

async function sent(b: Awaited<ReturnType<typeof build>>) {
  const u = registered();
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await b.drain();
  const rows = await messagesOf(b.pool, u.userId);
  return { u, email: rows.find((m) => m.channel === 'email'), sms: rows.find((m) => m.channel === 'sms') };
}

const snapshot = async (b: Awaited<ReturnType<typeof build>>) =>
  (await b.pool.query('SELECT id, status, provider_status FROM messages ORDER BY id')).rows.concat((await b.pool.query('SELECT count(*) FROM delivery_log WHERE what = $1', ['callback'])).rows);

t.test('when SendGrid posts signed events, then the message is delivered and the log records them', async (t) => {
  const b = await build(t, { now: DAY });
  const { email } = await sent(b);
  const mail = b.sendgrid.received[0]!;
  const payload = JSON.stringify([b.sendgrid.eventFor(mail, 'processed'), b.sendgrid.eventFor(mail, 'delivered'), b.sendgrid.eventFor(mail, 'open')]);
  const res = await b.app.inject({ method: 'POST', url: SG, payload, headers: { 'content-type': 'application/json', ...b.sendgrid.sign(payload) } });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json(), { applied: 1 });
  const [row] = (await b.pool.query('SELECT status, provider_status FROM messages WHERE id = $1', [email.id])).rows;
  t.same(row, { status: 'delivered', provider_status: 'open' });
  const log = (await b.app.inject({ method: 'GET', url: `/v1/notifications/admin/messages/${email.id}`, headers: b.admin })).json();
  t.same(log.log.filter((l: any) => l.what === 'callback').map((l: any) => l.outcome), ['processed', 'delivered', 'open']);
  t.match(await b.app.metrics.metrics(), /joo_notifications_messages_total\{channel="email",status="delivered",service="notifications"\} 1/);
});

t.test('when a SendGrid bounce comes, then the message fails and delivery.failed is published', async (t) => {
  const b = await build(t, { now: DAY });
  const { email } = await sent(b);
  const payload = JSON.stringify([b.sendgrid.eventFor(b.sendgrid.received[0]!, 'bounce', { reason: '550 mailbox unavailable' })]);
  await b.app.inject({ method: 'POST', url: SG, payload, headers: { 'content-type': 'application/json', ...b.sendgrid.sign(payload) } });
  t.equal((await b.pool.query('SELECT status FROM messages WHERE id = $1', [email.id])).rows[0].status, 'failed');
  const { rows } = await b.pool.query(`SELECT envelope FROM outbox WHERE type = 'notifications.delivery.failed.v1'`);
  t.match(rows[0].envelope.data, { messageId: email.id, channel: 'email', reason: /bounce: 550/ });
});

t.test('when SendGrid events are not signed right, then 401 and nothing changes', async (t) => {
  const b = await build(t, { now: DAY });
  await sent(b);
  const mail = b.sendgrid.received[0]!;
  const payload = JSON.stringify([b.sendgrid.eventFor(mail, 'delivered')]);
  const good = b.sendgrid.sign(payload);
  const before = await snapshot(b);
  const tampered = payload.replace('delivered', 'bounce');
  const cases: Array<[string, string, Record<string, string>]> = [
    ['no signature', payload, {}],
    ['payload changed', tampered, good],
    ['timestamp changed', payload, { ...good, 'X-Twilio-Email-Event-Webhook-Timestamp': String(Number(good['X-Twilio-Email-Event-Webhook-Timestamp']) + 1) }],
    ['garbage signature', payload, { ...good, 'X-Twilio-Email-Event-Webhook-Signature': 'bm90IGEgc2lnbmF0dXJl' }],
    ['old timestamp, signed', payload, b.sendgrid.sign(payload, Math.floor(Date.now() / 1000) - 3600)],
  ];
  for (const [name, body, headers] of cases) {
    const res = await b.app.inject({ method: 'POST', url: SG, payload: body, headers: { 'content-type': 'application/json', ...headers } });
    t.equal(res.statusCode, 401, name);
    t.equal(res.json().code, 'bad-signature', name);
  }
  t.same(await snapshot(b), before, 'no message or log changed');
});

t.test('when Twilio posts a signed status callback, then the SMS is delivered; a bad signature gets 401 and changes nothing', async (t) => {
  const b = await build(t, { now: DAY });
  const { sms } = await sent(b);
  const text = b.twilio.messages()[0]!;
  const url = `/v1/notifications/webhooks/twilio?messageId=${sms.id}`;
  const params = b.twilio.callbackParams(text, 'delivered');
  const form = new URLSearchParams(params).toString();
  const signature = twilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${url}`, params);
  const before = await snapshot(b);
  const bad: Array<[string, string, string, string]> = [
    ['no signature', url, form, ''],
    ['other token', url, form, twilioSignature('wrong-token', `${PUBLIC_BASE_URL}${url}`, params)],
    ['status changed', url, form.replace('delivered', 'failed'), signature],
    ['other message in the URL', `/v1/notifications/webhooks/twilio?messageId=${text.sid}`, form, signature],
  ];
  for (const [name, u, body, sig] of bad) {
    const res = await b.app.inject({ method: 'POST', url: u, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig ? { 'x-twilio-signature': sig } : {}) } });
    t.equal(res.statusCode, 401, name);
  }
  t.same(await snapshot(b), before, 'nothing changed');
  const res = await b.app.inject({ method: 'POST', url, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature } });
  t.equal(res.statusCode, 200, res.body);
  t.same((await b.pool.query('SELECT status, provider_status FROM messages WHERE id = $1', [sms.id])).rows[0], { status: 'delivered', provider_status: 'delivered' });
  // A late "sent" does not take it back.
  const late = b.twilio.callbackParams(text, 'sent');
  await b.app.inject({ method: 'POST', url, payload: new URLSearchParams(late).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${url}`, late) } });
  t.equal((await b.pool.query('SELECT status FROM messages WHERE id = $1', [sms.id])).rows[0].status, 'delivered');
});

t.test('when the fake Twilio sends its own signed callback over HTTP, then the running service accepts it', async (t) => {
  const b = await build(t, { now: DAY });
  const { sms } = await sent(b);
  const address = await b.app.listen({ port: 0, host: '127.0.0.1' });
  // The fake posts to the StatusCallback it was given; point it at the listening app, signed for that URL.
  const text = b.twilio.messages()[0]!;
  text.statusCallback = `${address}/v1/notifications/webhooks/twilio?messageId=${sms.id}`;
  t.equal(await b.twilio.sendStatus(text, 'delivered'), 401, 'signed for another URL than the public one: refused');
  t.equal((await b.pool.query('SELECT status FROM messages WHERE id = $1', [sms.id])).rows[0].status, 'sent');
  const payload = JSON.stringify([b.sendgrid.eventFor(b.sendgrid.received[0]!, 'delivered')]);
  t.equal(await b.sendgrid.sendEvents(JSON.parse(payload), `${address}/v1/notifications/webhooks/sendgrid`), 200);
});

t.test('when the sender died after Twilio took an SMS and the callback arrives first, then the message is sent and not looked up or sent again', async (t) => {
  const b = await build(t, { now: DAY });
  const u = registered({ email: '' as string });
  await apply(b.ctx, envelope(UserRegistered, u.userId, u.data));
  await b.newWorker({ afterSend: () => { throw new Error('killed'); } }).runOnce();
  const [sms] = await messagesOf(b.pool, u.userId);
  t.equal(sms.status, 'sending');
  const text = b.twilio.messages()[0]!;
  const url = `/v1/notifications/webhooks/twilio?messageId=${sms.id}`;
  const params = b.twilio.callbackParams(text, 'sent');
  const res = await b.app.inject({ method: 'POST', url, payload: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(AUTH_TOKEN, `${PUBLIC_BASE_URL}${url}`, params) } });
  t.equal(res.statusCode, 200);
  b.clock.advance(3_600_000);
  t.equal(await b.newWorker().runOnce(), 0, 'nothing left to claim');
  const [after] = await messagesOf(b.pool, u.userId);
  t.same([after.status, after.provider_id, after.in_doubt], ['sent', text.sid, false]);
  t.equal(b.twilio.createRequests, 1);
});
