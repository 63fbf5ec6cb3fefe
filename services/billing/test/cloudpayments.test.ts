import { randomUUID } from 'node:crypto';
import t from 'tap';
import { bearer, build, metric, order, outbox, paymentOf, PREMIUM, seedProducts, type Built } from './helper.js';

const cp = { paymentMethod: 'cloudpayments' };

async function orderOf(b: Built, userId: string, orderId: string): Promise<Record<string, any>> {
  return (await b.app.inject({ url: `/v1/billing/orders/${orderId}`, headers: bearer(b.token(userId)) })).json();
}

t.test('when an order is paid by card, then CloudPayments gets an order for the amount in tenge and its page is the paymentUrl', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId, { ...cp, productId: PREMIUM });
  const paymentId = await paymentOf(b.pool, placed.orderId);
  t.equal(b.cloudPayments.orders.length, 1);
  const [created] = b.cloudPayments.orders;
  t.match(created, { Amount: 250000, Currency: 'KZT', InvoiceId: paymentId, AccountId: userId, Description: /Премиум/ });
  t.equal(placed.paymentUrl, created!.Url);
  t.equal(placed.paymentMethod, 'cloudpayments');
  t.equal(b.cloudPayments.unauthorized, 0, 'Basic auth with the Public ID and API secret');
});

t.test('when CloudPayments sends the Pay notification, then billing answers {code: 0}, the order is paid once, and a repeat changes nothing', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId, cp);
  const paymentId = await paymentOf(b.pool, placed.orderId);
  const paid = await b.cloudPayments.pay(paymentId);
  t.equal(paid.status, 200);
  t.same(paid.body, { code: 0 });
  t.match(await orderOf(b, userId, placed.orderId), { status: 'paid', paymentStatus: 'succeeded' });
  t.match(await outbox(b.pool, 'billing.payment.succeeded.v1'), [{ orderId: placed.orderId, provider: 'cloudpayments', amount: 16_000_000 }]);
  const { rows } = await b.pool.query('SELECT provider_transaction_id FROM payments WHERE id = $1', [paymentId]);
  t.equal(rows[0].provider_transaction_id, String(paid.transactionId));

  const repeated = await b.cloudPayments.pay(paymentId, { transactionId: paid.transactionId, json: true });
  t.same(repeated.body, { code: 0 }, 'a repeat (here JSON-encoded) is acknowledged');
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 1);
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'cloudpayments', outcome: 'succeeded' }), 1);
});

t.test('when a notification is forged or tampered with, then 401 and the order stays pending', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const placed = await order(b, userId, cp);
  const paymentId = await paymentOf(b.pool, placed.orderId);
  const forged = await b.cloudPayments.pay(paymentId, { secret: 'someone-elses-secret' });
  t.equal(forged.status, 401);
  const tampered = await fetch(`${b.url}/v1/billing/callbacks/cloudpayments/pay`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-hmac': 'AAAA' },
    body: `InvoiceId=${paymentId}&TransactionId=1&Amount=160000.00&Currency=KZT`,
  });
  t.equal(tampered.status, 401);
  t.match(await orderOf(b, userId, placed.orderId), { status: 'pending' });
  t.equal(await metric(b.app, 'joo_billing_callbacks_rejected_total', { provider: 'cloudpayments', reason: 'bad-signature' }), 2);
  const check = await fetch(`${b.url}/v1/billing/callbacks/cloudpayments/recurrent`, { method: 'POST', body: 'x=1' });
  t.equal(check.status, 404, 'a notice kind that is not configured');
});

t.test('when CloudPayments sends Fail or a Pay for another amount, then the order fails or is held, and nothing is granted', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const declined = await order(b, userId, cp);
  const short = await order(b, userId, cp);
  const fail = await b.cloudPayments.decline(await paymentOf(b.pool, declined.orderId), { reason: 'InsufficientFunds', reasonCode: 5051 });
  t.same(fail.body, { code: 0 });
  t.match(await orderOf(b, userId, declined.orderId), { status: 'failed' });
  t.match(await outbox(b.pool, 'billing.payment.failed.v1'), [{ orderId: declined.orderId, reason: 'InsufficientFunds (5051)' }]);
  const mismatch = await b.cloudPayments.pay(await paymentOf(b.pool, short.orderId), { amount: '1600.00' });
  t.same(mismatch.body, { code: 0 });
  t.match(await orderOf(b, userId, short.orderId), { status: 'on_hold', paymentStatus: 'suspicious' });
  t.equal((await outbox(b.pool, 'billing.payment.succeeded.v1')).length, 0);
  t.equal(await metric(b.app, 'joo_billing_payments_total', { provider: 'cloudpayments', outcome: 'suspicious' }), 1);
});

t.test('when CloudPayments is unreachable while ordering, then 502 and no order is kept, so the same key may be retried', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  await b.cloudPayments.close();
  const res = await b.app.inject({
    method: 'POST', url: '/v1/billing/orders', headers: { ...bearer(b.token(userId)), 'idempotency-key': 'k' },
    payload: { productId: PREMIUM, profileSubject: 'math-physics', acceptTerms: true, ...cp },
  });
  t.equal(res.statusCode, 502);
  t.equal(res.json().code, 'payment-provider-unavailable');
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 0);
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM idempotency_keys')).rows[0].n, 0);
});
