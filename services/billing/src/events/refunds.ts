import { eventRouter } from '@joo/bus';
import { PayoutDetailsCorrected, RefundApproved, type EventData } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { isIsoDate } from '@joo/calendar';
import { checkPayout } from '../domain/payout.js';
import { batchPayout, correctReturnedPayout } from '../store/batches.js';
import { insertPayout } from '../store/payouts.js';

/**
 * refunds.refund.approved.v1 → a payout row, in the consumer's inbox transaction. The row is the
 * promise to pay; the payout worker keeps it (jobs/payouts.ts). A refund that cannot be paid as
 * approved (order not paid, more than was paid) is kept for review instead of being lost.
 * The deadline (payoutDueBy) is kept for the overdue gauge; one that is not a date is dropped rather
 * than letting a bad deadline hold up the money.
 */
async function payoutFor(data: EventData<typeof RefundApproved>, tx: Queryable, now: Date): Promise<'pending' | 'review' | 'exists'> {
  const { rows } = await tx.query<{ id: string; status: string; amount: string; currency: string; refunded: string; payment_id: string; provider: string; user_id: string }>(
    `SELECT o.id, o.status, o.amount, o.currency, o.user_id, p.id AS payment_id, p.provider,
       o.refunded_amount + coalesce((SELECT sum(amount) FROM refund_payouts r WHERE r.order_id = o.id AND r.status IN ('pending', 'sending', 'batched', 'returned')), 0) AS refunded
     FROM orders o JOIN payments p ON p.order_id = o.id WHERE o.id::text = $1 FOR UPDATE OF o`, [data.orderId]);
  const order = rows[0];
  // Unknown here means the order's events have not reached us or refunds is wrong: fail, retry, dead-letter.
  if (!order) throw new Error(`refund ${data.applicationId}: billing has no order ${data.orderId}`);
  const refusal = checkPayout(
    { status: order.status, amount: Number(order.amount), currency: order.currency, refunded: Number(order.refunded) },
    { amount: data.amount, currency: data.currency },
  );
  // Bank transfer (offer 14.7) when refunds says so and names the account; events from before the
  // choice existed carry no method and were card refunds.
  const bank = data.method === 'bank-transfer' && data.payTo ? data.payTo : null;
  const inserted = await insertPayout(tx, {
    applicationId: data.applicationId, orderId: order.id, paymentId: order.payment_id, userId: order.user_id, provider: order.provider,
    amount: data.amount, status: refusal ? 'review' : 'pending', lastError: refusal, now,
    payoutDueBy: isIsoDate(data.payoutDueBy) ? data.payoutDueBy : null,
    method: bank ? 'bank-transfer' : 'card', payTo: bank,
  });
  if (!inserted) return 'exists';
  if (bank && !refusal) await batchPayout(tx, data.applicationId, now);
  return refusal ? 'review' : 'pending';
}

export const refundsRoutes = (clock: () => Date) => eventRouter()
  .on(RefundApproved, async (data, _event, tx) => {
    await payoutFor(data, tx, clock());
  }, { tolerate: ['/payoutDueBy'] }) // a bad deadline is dropped (above), not a reason to hold the money
  .on(PayoutDetailsCorrected, async (data, _event, tx) => {
    // Only a returned payout takes new details; otherwise (already re-sent, paid) the correction changes nothing.
    if (await correctReturnedPayout(tx, data.applicationId, data.payTo)) await batchPayout(tx, data.applicationId, clock());
  });
