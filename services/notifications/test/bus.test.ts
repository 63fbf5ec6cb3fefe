import t from 'tap';
import { LeadDelivered, OfferPublished, RefundSubmitted, UserRegistered } from '@joo/contracts';
import { eventually } from '@joo/testing';
import { build, envelope, messagesOf, registered, withBus } from './helper.js';

t.test('when identity and other services publish on the bus, then messages are queued once per event, user and channel', async (t) => {
  const b = await build(t);
  const { publish, publishAgain, duplicates } = await withBus(t, b.ctx, b.app.log);
  const u = registered({ locale: 'ru' });
  const welcome = envelope(UserRegistered, u.userId, u.data);
  await publish(welcome);
  await eventually(async () => (await messagesOf(b.pool, u.userId)).length === 2);

  // The same event again (a redelivery or replay past the server's duplicate window): nothing new.
  await publishAgain(welcome);
  const lead = envelope(LeadDelivered, 'lead-1', {
    leadId: 'lead-1', userId: u.userId, universityId: 'kaznu', universityName: { kk: 'ҚазҰУ', ru: 'КазНУ' }, partnerId: 'partner-1', via: 'webhook', deliveredAt: new Date().toISOString(),
  });
  await publish(lead);
  await eventually(async () => (await messagesOf(b.pool, u.userId)).some((m) => m.template === 'lead_delivered'));
  await publishAgain(lead);
  const refund = envelope(RefundSubmitted, 'app-1', {
    applicationId: 'app-1', orderId: '0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000', userId: u.userId, rule: 'full', eligibleAmount: 500_000, currency: 'KZT',
    reviewDueBy: '2026-03-24', submittedAt: new Date().toISOString(),
  });
  await publish(refund);
  await eventually(async () => (await messagesOf(b.pool, u.userId)).some((m) => m.template === 'refund_submitted'));
  await eventually(async () => (await duplicates()) === 2);
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n, 3, 'each event handled once');
  const rows = await messagesOf(b.pool, u.userId);
  t.same(rows.map((m) => `${m.template}/${m.channel}`).sort(), ['lead_delivered/email', 'refund_submitted/email', 'welcome/email', 'welcome/sms']);
  t.match(rows.find((m) => m.template === 'lead_delivered').body, /КазНУ/);
  t.match(rows.find((m) => m.template === 'refund_submitted').body, /24\.03\.2026/);

  await b.drain();
  t.equal(b.sendgrid.received.length, 3);
  t.equal(b.twilio.received.length, 1);
});

t.test('when an event about a user arrives before the registration, then it is retried and queued once the user is known', async (t) => {
  const b = await build(t);
  const { publish } = await withBus(t, b.ctx, b.app.log);
  const u = registered();
  await publish(envelope(LeadDelivered, 'lead-2', {
    leadId: 'lead-2', userId: u.userId, universityId: 'enu', universityName: { kk: 'ЕҰУ', ru: 'ЕНУ' }, partnerId: 'partner-2', via: 'pull', deliveredAt: new Date().toISOString(),
  }));
  await new Promise((r) => setTimeout(r, 300));
  await publish(envelope(UserRegistered, u.userId, u.data));
  const lead = await eventually(async () => (await messagesOf(b.pool, u.userId)).find((m) => m.template === 'lead_delivered'), { timeoutMs: 15_000 });
  t.equal(lead.locale, 'kk');
  t.match(lead.body, /ЕҰУ/);
});

t.test('when a new offer version is published, then every user is told in their language', async (t) => {
  const b = await build(t);
  const { publish } = await withBus(t, b.ctx, b.app.log);
  const users = [registered({ locale: 'kk' }), registered({ locale: 'ru' }), registered({ locale: 'ru' })];
  for (const u of users) await publish(envelope(UserRegistered, u.userId, u.data));
  await eventually(async () => (await b.pool.query('SELECT count(*)::int AS n FROM recipients')).rows[0].n === 3);
  await publish(envelope(OfferPublished, 'offer-2', { version: 2, publishedAt: new Date().toISOString(), summary: { kk: 'Қысқаша.', ru: 'Кратко.' } }));
  const rows = await eventually(async () => {
    const { rows } = await b.pool.query(`SELECT user_id, locale, body FROM messages WHERE template = 'offer_published'`);
    return rows.length === 3 ? rows : null;
  }) as any[];
  for (const r of rows) t.match(r.body, r.locale === 'kk' ? /№2 редакциясы.*Қысқаша/ : /№2.*Кратко/);
  t.same(rows.map((r) => r.locale).sort(), ['kk', 'ru', 'ru']);
});
