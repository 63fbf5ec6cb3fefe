import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RefundApproved } from '@joo/contracts';
import { bearer, build, metric, order, outbox, paymentIdOf, paymentOf, seedProducts, until, type Built } from './helper.js';

async function paidOrder(b: Built, userId: string, method: 'sandbox' | 'cloudpayments'): Promise<string> {
  const placed = await order(b, userId, { paymentMethod: method });
  if (method === 'sandbox') await b.app.inject({ method: 'POST', url: `/v1/billing/sandbox/pay/${paymentIdOf(placed)}/confirm` });
  else await b.cloudPayments.pay(await paymentOf(b.pool, placed.orderId));
  return placed.orderId;
}

function approve(b: Built, r: { applicationId: string; orderId: string; userId: string; amount: number; currency?: 'KZT' }) {
  return b.publish(RefundApproved, r.applicationId, {
    currency: 'KZT', ...r, payoutDueBy: '2026-12-09', approvedAt: new Date().toISOString(),
  });
}

const payout = async (b: Built, applicationId: string) =>
  (await b.pool.query('SELECT status, attempts, last_error, provider_refund_id FROM refund_payouts WHERE application_id = $1', [applicationId])).rows[0];

t.test('when a refund of a sandbox payment is approved, then it is paid at once and refund.paid published; a second approval pays nothing', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const orderId = await paidOrder(b, userId, 'sandbox');
  const applicationId = randomUUID();
  await approve(b, { applicationId, orderId, userId, amount: 12_000_000 });
  await until(async () => (await payout(b, applicationId))?.status === 'paid');
  t.match(await payout(b, applicationId), { attempts: 1, provider_refund_id: /^sandbox-refund-/ });
  t.match(await outbox(b.pool, 'billing.refund.paid.v1'), [{ applicationId, orderId, userId, amount: 12_000_000, currency: 'KZT', provider: 'sandbox' }]);
  const view = await b.app.inject({ url: `/v1/billing/orders/${orderId}`, headers: bearer(b.token(userId)) });
  t.equal(view.json().refundedAmount, 12_000_000);

  // The same application approved again (a replayed or re-sent event): never paid twice.
  await approve(b, { applicationId, orderId, userId, amount: 12_000_000 });
  await until(async () => (await b.pool.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'billing'`)).rows[0].n >= 5);
  await b.worker.runOnce();
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 1);
  t.equal((await b.app.inject({ url: `/v1/billing/orders/${orderId}`, headers: bearer(b.token(userId)) })).json().refundedAmount, 12_000_000);
});

t.test('when CloudPayments refuses a refund once, then the payout is retried later and paid through its refund API', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const orderId = await paidOrder(b, userId, 'cloudpayments');
  const paidTransaction = b.cloudPayments.orders[0]!.transactionId;
  b.cloudPayments.failRefunds(1);
  const applicationId = randomUUID();
  await approve(b, { applicationId, orderId, userId, amount: 16_000_000 });
  await until(async () => (await payout(b, applicationId))?.attempts === 1 && (await payout(b, applicationId)).status === 'pending');
  t.match(await payout(b, applicationId), { last_error: /Temporary error/ });
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 0);

  t.equal(await b.worker.runOnce(), 0, 'not before its retry time');
  b.clock.set(new Date(Date.now() + 11_000));
  t.equal(await b.worker.runOnce(), 1);
  t.match(await payout(b, applicationId), { status: 'paid', attempts: 2 });
  t.same(b.cloudPayments.refunds.map((r) => [r.TransactionId, r.Amount]), [[paidTransaction, 160000]], 'one refund of 160 000 ₸ for the paid transaction');
  t.match(await outbox(b.pool, 'billing.refund.paid.v1'), [{ applicationId, provider: 'cloudpayments', providerRefundId: String(b.cloudPayments.refunds[0]!.refundTransactionId) }]);
  t.equal(await metric(b.app, 'joo_billing_refund_payouts_total', { provider: 'cloudpayments', outcome: 'retry' }), 1);
});

t.test('when an approved refund exceeds what was paid or the order is unpaid, then it is held for review and nothing is paid', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const paid = await paidOrder(b, userId, 'sandbox');
  const unpaid = (await order(b, userId)).orderId;
  const tooMuch = randomUUID();
  const notPaid = randomUUID();
  await approve(b, { applicationId: tooMuch, orderId: paid, userId, amount: 16_000_001 });
  await approve(b, { applicationId: notPaid, orderId: unpaid, userId, amount: 100 });
  await until(async () => (await payout(b, tooMuch))?.status === 'review' && (await payout(b, notPaid))?.status === 'review');
  t.match(await payout(b, tooMuch), { last_error: 'exceeds-paid-amount' });
  t.match(await payout(b, notPaid), { last_error: 'order-not-paid' });
  await b.worker.runOnce();
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 0);

  const listed = await b.app.inject({ url: '/v1/billing/admin/payouts?status=review&limit=1', headers: bearer(b.token(randomUUID(), ['admin'])) });
  t.equal(listed.statusCode, 200);
  const next = await b.app.inject({ url: `/v1/billing/admin/payouts?limit=1&cursor=${listed.json().nextCursor}`, headers: bearer(b.token(randomUUID(), ['admin'])) });
  t.same([...listed.json().items, ...next.json().items].map((p: { applicationId: string }) => p.applicationId).sort(), [tooMuch, notPaid].sort(), 'admins see what waits for review');
  t.equal(next.json().nextCursor, null);
  t.equal((await b.app.inject({ url: '/v1/billing/admin/payouts', headers: bearer(b.token(userId)) })).statusCode, 403, 'students do not');
});

t.test('when a payout call was cut off by a crash, then it is held for review rather than sent again', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const orderId = await paidOrder(b, userId, 'sandbox');
  const { rows: [p] } = await b.pool.query('SELECT id FROM payments WHERE order_id = $1', [orderId]);
  await b.pool.query(
    `INSERT INTO refund_payouts (application_id, order_id, payment_id, user_id, provider, amount, currency, status, attempts, next_attempt_at, created_at)
     VALUES ('crashed', $1, $2, $3, 'sandbox', 100, 'KZT', 'sending', 1, now() - interval '1 minute', now())`, [orderId, p.id, userId]);
  await b.worker.runOnce();
  t.match(await payout(b, 'crashed'), { status: 'review', last_error: /interrupted/ });
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 0);
});
