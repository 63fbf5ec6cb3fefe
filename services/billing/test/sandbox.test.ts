import { randomUUID } from 'node:crypto';
import t from 'tap';
import { countRoundTrips } from '@joo/testing';
import { PAYMENT_SYSTEM_COMMISSION } from '../src/domain/notices.js';
import { hmacHex } from '../src/domain/signatures.js';
import { bearer, build, metric, order, outbox, paymentIdOf, PUBLIC_BASE_URL, SANDBOX_SECRET, seedProducts, type Built } from './helper.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (id: string) => `/v1/billing/sandbox/pay/${id}`;

async function orderStatus(b: Built, userId: string, orderId: string): Promise<Record<string, any>> {
  return (await b.app.inject({ url: `/v1/billing/orders/${orderId}`, headers: bearer(b.token(userId)) })).json();
}

/** Posts a sandbox notice to billing's callback over HTTP, as the sandbox provider does. */
function callback(b: Built, body: Record<string, unknown>, secret = SANDBOX_SECRET) {
  const text = JSON.stringify(body);
  return fetch(`${b.url}/v1/billing/callbacks/sandbox`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-sandbox-signature': hmacHex(secret, text) }, body: text,
  });
}

t.test('when the sandbox page is opened, then it shows the amount and two buttons in kk and ru, or JSON when asked', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const placed = await order(b, randomUUID());
  const id = paymentIdOf(placed);
  const html = await b.app.inject({ url: page(id), headers: { accept: 'text/html' } });
  t.equal(html.statusCode, 200);
  t.match(html.headers['content-type'], /text\/html/);
  t.match(html.body, /160\u00a0000\u00a0₸/);
  t.match(html.body, new RegExp(`action="${PUBLIC_BASE_URL}/v1/billing/sandbox/pay/${id}/confirm"`));
  t.match(html.body, /action="[^"]+\/decline"/);
  t.match(html.body, /Төлеу \/ Оплатить/);
  // Offer 4.3: the payment system's commission warning, in both languages, before the buttons.
  t.ok(html.body.indexOf(escapeHtml(PAYMENT_SYSTEM_COMMISSION.ru)) > 0, 'the 4.3 warning in Russian');
  t.ok(html.body.indexOf(escapeHtml(PAYMENT_SYSTEM_COMMISSION.kk)) > 0, 'the 4.3 warning in Kazakh');
  t.ok(html.body.indexOf('id="payment-system-commission"') < html.body.indexOf('/confirm"'), 'shown before the Pay button');
  const json = await b.app.inject({ url: page(id), headers: { accept: 'application/json' } });
  t.match(json.json(), { paymentId: id, orderId: placed.orderId, amount: 16_000_000, currency: 'KZT', paymentStatus: 'pending', orderStatus: 'pending' });
  t.equal((await b.app.inject({ url: page(randomUUID()) })).statusCode, 404);
});

t.test("when the student confirms, then billing's own callback is called signed, the order is paid and payment.succeeded is published once", async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId);
  const id = paymentIdOf(placed);
  const confirmed = await b.app.inject({ method: 'POST', url: `${page(id)}/confirm` });
  t.equal(confirmed.statusCode, 200, confirmed.body);
  t.match(confirmed.json(), { paymentStatus: 'succeeded', orderStatus: 'paid' });
  t.match(await orderStatus(b, userId, placed.orderId), { status: 'paid', paymentStatus: 'succeeded', paidAt: /Z$/ });
  const events = await outbox(b.pool, 'billing.payment.succeeded.v1', placed.orderId);
  t.equal(events.length, 1);
  t.match(events[0], {
    paymentId: id, orderId: placed.orderId, userId, productVersion: 1, profileSubject: 'math-physics', amount: 16_000_000, currency: 'KZT', provider: 'sandbox',
  });
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'sandbox', outcome: 'succeeded' }), 1);

  // The provider repeats its notice (the button pressed again; a retry): nothing changes.
  const again = await b.app.inject({ method: 'POST', url: `${page(id)}/confirm`, headers: { accept: 'text/html' } });
  t.equal(again.statusCode, 200);
  t.match(again.body, /Төленді \/ Оплачено/);
  const declinedLate = await b.app.inject({ method: 'POST', url: `${page(id)}/decline` });
  t.match(declinedLate.json(), { paymentStatus: 'succeeded', orderStatus: 'paid' }, 'a decline after the payment changes nothing');
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 1, 'still one payment.succeeded');
  t.equal((await outbox(b.pool, 'billing.payment.failed.v1')).length, 0);
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'sandbox', outcome: 'succeeded' }), 1);
  const { rows } = await b.pool.query('SELECT decision FROM payment_notices WHERE payment_id = $1 ORDER BY id', [id]);
  t.same(rows.map((r) => r.decision), ['succeed', 'duplicate', 'duplicate'], 'every notice is on record');
});

t.test('when the student declines, then the order fails and payment.failed is published', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId);
  const res = await b.app.inject({ method: 'POST', url: `${page(paymentIdOf(placed))}/decline`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
  t.equal(res.statusCode, 200, res.body);
  t.match(await orderStatus(b, userId, placed.orderId), { status: 'failed', paymentStatus: 'failed' });
  t.match(await outbox(b.pool, 'billing.payment.failed.v1', placed.orderId), [{ orderId: placed.orderId, userId, provider: 'sandbox', reason: /declined/ }]);
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'sandbox', outcome: 'failed' }), 1);
});

t.test('when a callback is signed with another secret or not at all, then 401 and nothing changes', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId);
  const notice = { paymentId: paymentIdOf(placed), transactionId: 'tx-1', status: 'succeeded', amount: 16_000_000, currency: 'KZT' };
  const forged = await callback(b, notice, 'not-the-sandbox-secret');
  t.equal(forged.status, 401);
  t.match(forged.headers.get('content-type'), /problem\+json/);
  t.equal(((await forged.json()) as { code: string }).code, 'callback-bad-signature');
  const unsigned = await fetch(`${b.url}/v1/billing/callbacks/sandbox`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notice) });
  t.equal(unsigned.status, 401);
  t.match(await orderStatus(b, userId, placed.orderId), { status: 'pending', paymentStatus: 'pending' });
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 0);
  t.equal(await metric(b.app, 'joo_billing_callbacks_rejected_total', { provider: 'sandbox', reason: 'bad-signature' }), 2);

  const unknown = await callback(b, { ...notice, paymentId: randomUUID() });
  t.equal(unknown.status, 404);
  t.equal(await metric(b.app, 'joo_billing_callbacks_rejected_total', { provider: 'sandbox', reason: 'unknown-payment' }), 1);
  const malformed = await callback(b, { paymentId: notice.paymentId });
  t.equal(malformed.status, 400);
});

t.test('when a signed callback reports another amount or currency, then the payment is suspicious, the order on hold, nothing granted', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const cheap = await order(b, userId);
  const foreign = await order(b, userId);
  const base = { transactionId: 'tx', status: 'succeeded' };
  t.equal((await callback(b, { ...base, paymentId: paymentIdOf(cheap), amount: 100, currency: 'KZT' })).status, 200);
  t.equal((await callback(b, { ...base, paymentId: paymentIdOf(foreign), amount: 16_000_000, currency: 'RUB' })).status, 200);
  for (const o of [cheap, foreign]) t.match(await orderStatus(b, userId, o.orderId), { status: 'on_hold', paymentStatus: 'suspicious', paidAt: null });
  // The right amount arriving afterwards does not turn a suspicious payment into a paid one.
  t.equal((await callback(b, { ...base, paymentId: paymentIdOf(cheap), amount: 16_000_000, currency: 'KZT' })).status, 200);
  t.match(await orderStatus(b, userId, cheap.orderId), { status: 'on_hold' });
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 0, 'no payment.succeeded');
  t.equal((await outbox(b.pool, 'billing.payment.failed.v1')).length, 0, 'nor payment.failed');
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'sandbox', outcome: 'suspicious' }), 2);
  const { rows } = await b.pool.query(`SELECT failure_reason FROM payments WHERE id = $1`, [paymentIdOf(cheap)]);
  t.match(rows[0].failure_reason, /amount 100 tiyn instead of 16000000/);
  const held = await b.app.inject({ url: '/v1/billing/admin/orders?status=on_hold', headers: bearer(b.token(randomUUID(), ['admin'])) });
  t.same(held.json().items.map((o: { orderId: string }) => o.orderId).sort(), [cheap.orderId, foreign.orderId].sort(), 'held orders are listed for admins');
});

t.test('when two copies of one notice arrive at once, then the payment settles once', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const placed = await order(b, randomUUID());
  const notice = { paymentId: paymentIdOf(placed), transactionId: 'tx-race', status: 'succeeded', amount: 16_000_000, currency: 'KZT' };
  const answers = await Promise.all([callback(b, notice), callback(b, notice), callback(b, notice)]);
  t.same(answers.map((a) => a.status), [200, 200, 200]);
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 1);
});

t.test('when a notice settles a payment, then it costs one transaction of two round trips: the lock with BEGIN, the settlement with COMMIT', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const placed = await order(b, randomUUID());
  const notice = { paymentId: paymentIdOf(placed), transactionId: 'tx-trips', status: 'succeeded', amount: 16_000_000, currency: 'KZT' };
  const settled = async (paymentId: string) => (await b.pool.query(
    `SELECT p.status AS payment, o.status AS "order", (SELECT count(*)::int FROM payment_notices n WHERE n.payment_id = p.id) AS notices
     FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1`, [paymentId])).rows[0];
  const trips = countRoundTrips(b.pool);

  t.equal((await callback(b, notice)).status, 200);
  // The relay shares the pool, but reads and marks outside any transaction.
  t.same(trips.transactions, [{ roundTrips: 2, committed: true }]);
  t.same(await settled(notice.paymentId), { payment: 'succeeded', order: 'paid', notices: 1 }, 'notice, payment and order settled by the statement sent with COMMIT');
  t.match(await outbox(b.pool, 'billing.payment.succeeded.v1', placed.orderId), [{ paymentId: notice.paymentId, amount: 16_000_000 }], 'and the event');

  trips.reset();
  t.equal((await callback(b, notice)).status, 200);
  t.same(trips.transactions, [{ roundTrips: 3, committed: true }], 'a duplicate is only put on record: the lock, the notice, COMMIT');
  t.same(await settled(notice.paymentId), { payment: 'succeeded', order: 'paid', notices: 2 });
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 1);

  const again = await order(b, randomUUID());
  trips.reset();
  t.equal((await callback(b, { ...notice, paymentId: paymentIdOf(again), transactionId: 'tx-trips-2' })).status, 200);
  t.same(trips.transactions, [{ roundTrips: 2, committed: true }], 'the next payment costs the same');
});
