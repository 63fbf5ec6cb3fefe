import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RefundApproved } from '@joo/contracts';
import { localDate as almatyDate } from '@joo/calendar';
import { eventually } from '@joo/testing';
import { bearer, build, metric, order, outbox, paymentIdOf, paymentOf, seedProducts, type Built } from './helper.js';

async function paidOrder(b: Built, userId: string, method: 'sandbox' | 'cloudpayments'): Promise<string> {
  const placed = await order(b, userId, { paymentMethod: method });
  if (method === 'sandbox') await b.app.inject({ method: 'POST', url: `/v1/billing/sandbox/pay/${paymentIdOf(placed)}/confirm` });
  else await b.cloudPayments.pay(await paymentOf(b.pool, placed.orderId));
  return placed.orderId;
}

function approve(b: Built, r: { applicationId: string; orderId: string; userId: string; amount: number; currency?: 'KZT'; payoutDueBy?: string }) {
  return b.publish(RefundApproved, r.applicationId, {
    currency: 'KZT', payoutDueBy: '2026-12-09', ...r, approvedAt: new Date().toISOString(),
  });
}

/** `days` calendar days after a YYYY-MM-DD date. */
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const admin = (b: Built) => bearer(b.token(randomUUID(), ['admin']));

const payout = async (b: Built, applicationId: string) => (await b.pool.query(
  `SELECT status, attempts, last_error, provider_refund_id, to_char(payout_due_by, 'YYYY-MM-DD') AS payout_due_by FROM refund_payouts WHERE application_id = $1`,
  [applicationId])).rows[0];

t.test('when a refund of a sandbox payment is approved, then it is paid at once and refund.paid published; a second approval pays nothing', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const orderId = await paidOrder(b, userId, 'sandbox');
  const applicationId = randomUUID();
  await approve(b, { applicationId, orderId, userId, amount: 12_000_000 });
  await eventually(async () => (await payout(b, applicationId))?.status === 'paid', { timeoutMs: 5_000 });
  t.match(await payout(b, applicationId), { attempts: 1, provider_refund_id: /^sandbox-refund-/, payout_due_by: '2026-12-09' }, 'the deadline from the event is kept');
  t.match(await outbox(b.pool, 'billing.refund.paid.v1'), [{ applicationId, orderId, userId, amount: 12_000_000, currency: 'KZT', provider: 'sandbox' }]);
  const view = await b.app.inject({ url: `/v1/billing/orders/${orderId}`, headers: bearer(b.token(userId)) });
  t.equal(view.json().refundedAmount, 12_000_000);

  // The same application approved again (a replayed or re-sent event): never paid twice.
  await approve(b, { applicationId, orderId, userId, amount: 12_000_000 });
  await eventually(async () => (await b.pool.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'billing'`)).rows[0].n >= 5, { timeoutMs: 5_000 });
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
  await eventually(async () => (await payout(b, applicationId))?.attempts === 1 && (await payout(b, applicationId)).status === 'pending', { timeoutMs: 5_000 });
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
  await eventually(async () => (await payout(b, tooMuch))?.status === 'review' && (await payout(b, notPaid))?.status === 'review', { timeoutMs: 5_000 });
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
  t.match((await b.app.inject({ url: '/v1/billing/admin/payouts?status=review', headers: admin(b) })).json().items, [{ applicationId: 'crashed', payoutDueBy: null }],
    'a payout recorded without a deadline is listed with none');
  t.equal(await metric(b.app, 'joo_billing_payouts_overdue'), 0, 'and is never counted as overdue');
});

t.test('when a refund is approved, then billing keeps its payout deadline and admins see it; a deadline that is not a date does not hold up the money', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const unpaid = (await order(b, userId)).orderId;
  const held = randomUUID();
  await approve(b, { applicationId: held, orderId: unpaid, userId, amount: 100, payoutDueBy: '2027-01-15' });
  await eventually(async () => (await payout(b, held))?.status === 'review', { timeoutMs: 5_000 });
  t.equal((await payout(b, held)).payout_due_by, '2027-01-15');
  const listed = await b.app.inject({ url: '/v1/billing/admin/payouts?status=review', headers: admin(b) });
  t.match(listed.json().items, [{ applicationId: held, payoutDueBy: '2027-01-15' }]);

  const orderId = await paidOrder(b, userId, 'sandbox');
  const badDate = randomUUID();
  await approve(b, { applicationId: badDate, orderId, userId, amount: 1_000_000, payoutDueBy: '2027-02-30' });
  await eventually(async () => (await payout(b, badDate))?.status === 'paid', { timeoutMs: 5_000 });
  t.equal((await payout(b, badDate)).payout_due_by, null, 'the impossible date is dropped, the refund is paid');
});

t.test('when a refund is approved while a payout pass waits on the provider, then it is paid right after that pass, not an interval later', async (t) => {
  const b = await build(t); // the worker's own interval is a minute: only the wake-up can pay within the test
  await seedProducts(b);
  const userId = randomUUID();
  const slowOrder = await paidOrder(b, userId, 'cloudpayments');
  const nextOrder = await paidOrder(b, userId, 'sandbox');
  const provider = b.cloudPayments.holdRefunds();
  const slow = randomUUID();
  await approve(b, { applicationId: slow, orderId: slowOrder, userId, amount: 1_000_000 });
  await provider.held;
  const next = randomUUID();
  await approve(b, { applicationId: next, orderId: nextOrder, userId, amount: 1_000_000 });
  await eventually(async () => (await payout(b, next))?.status === 'pending', { timeoutMs: 5_000 });
  // Long enough for the wake-up to reach the worker while the first pass still waits.
  await new Promise((r) => setTimeout(r, 300));
  t.equal((await payout(b, next)).status, 'pending', 'not paid while the pass that looked before it was committed is running');
  provider.release();
  await eventually(async () => (await payout(b, next))?.status === 'paid', { timeoutMs: 5_000 });
  t.equal((await payout(b, slow)).status, 'paid');
});

t.test('when payouts are late, early, due today or paid, then joo_billing_payouts_overdue counts only the unpaid ones past their Almaty date', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const now = new Date();
  b.clock.set(now); // frozen: retries wait until the test moves the clock
  const today = almatyDate(now);
  const userId = randomUUID();
  b.cloudPayments.failRefunds(1000);

  const pendingLate = randomUUID();
  await approve(b, { applicationId: pendingLate, orderId: await paidOrder(b, userId, 'cloudpayments'), userId, amount: 1_000_000, payoutDueBy: plusDays(today, -1) });
  const reviewLate = randomUUID();
  await approve(b, { applicationId: reviewLate, orderId: (await order(b, userId)).orderId, userId, amount: 100, payoutDueBy: plusDays(today, -5) });
  const reviewToday = randomUUID();
  await approve(b, { applicationId: reviewToday, orderId: await paidOrder(b, userId, 'sandbox'), userId, amount: 16_000_001, payoutDueBy: today });
  const reviewLater = randomUUID();
  await approve(b, { applicationId: reviewLater, orderId: (await order(b, userId)).orderId, userId, amount: 100, payoutDueBy: plusDays(today, 3) });
  const paidLate = randomUUID();
  await approve(b, { applicationId: paidLate, orderId: await paidOrder(b, userId, 'sandbox'), userId, amount: 1_000_000, payoutDueBy: plusDays(today, -2) });
  await eventually(async () => (await payout(b, pendingLate))?.status === 'pending' && (await payout(b, pendingLate)).attempts === 1
    && (await payout(b, paidLate))?.status === 'paid'
    && (await b.pool.query(`SELECT count(*)::int AS n FROM refund_payouts WHERE status = 'review'`)).rows[0].n === 3,
  // It once took longer than 5 s in CI: a payout committed during a pass waited for the next
  // interval (fixed; see the test above). The headroom is for a loaded 2-core machine.
  { timeoutMs: 20_000 });

  t.equal(await metric(b.app, 'joo_billing_payouts_overdue'), 2, 'the pending and the review payout past their date; not the one due today, later or paid');
  t.equal(await metric(b.app, 'joo_billing_payouts_in_review'), 3);

  // Almaty has been UTC+5 since 1 March 2024: its day starts at 19:00 UTC of the day before.
  const tomorrowStarts = new Date(`${plusDays(today, 1)}T00:00:00+05:00`);
  b.clock.set(new Date(tomorrowStarts.getTime() - 60_000));
  t.equal(await metric(b.app, 'joo_billing_payouts_overdue'), 2, 'a minute before Almaty midnight the one due today is not late');
  b.clock.set(tomorrowStarts);
  t.equal(await metric(b.app, 'joo_billing_payouts_overdue'), 3, 'from Almaty midnight it is');

  b.cloudPayments.failRefunds(0);
  t.equal(await b.worker.runOnce(), 1);
  t.equal((await payout(b, pendingLate)).status, 'paid');
  t.equal(await metric(b.app, 'joo_billing_payouts_overdue'), 2, 'a late payout no longer counts once paid');
});
