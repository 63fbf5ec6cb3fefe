import type { Queryable } from '@joo/db';

/** batched and returned are bank transfers' (store/batches.ts); sending is the card worker's. */
export const PAYOUT_STATUSES = ['pending', 'sending', 'batched', 'returned', 'paid', 'review'] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
export type PayoutMethod = 'card' | 'bank-transfer';
export interface PayTo { name: string; iban: string; bic: string }

export interface Payout {
  applicationId: string;
  orderId: string;
  paymentId: string;
  userId: string;
  provider: string;
  amount: number;
  currency: 'KZT';
  status: PayoutStatus;
  attempts: number;
  providerTransactionId: string | null;
}

/** false when this application already has a payout: an application is paid at most once. */
export async function insertPayout(db: Queryable, p: {
  applicationId: string; orderId: string; paymentId: string; userId: string; provider: string; amount: number;
  status: 'pending' | 'review'; lastError: string | null; now: Date;
  /** YYYY-MM-DD, Asia/Almaty: offer 14.7's deadline, as refunds set it */
  payoutDueBy: string | null;
  /** card when not given: how payouts were made before bank transfers */
  method?: PayoutMethod;
  payTo?: PayTo | null;
}): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO refund_payouts (application_id, order_id, payment_id, user_id, provider, amount, currency, status, last_error, next_attempt_at, created_at, payout_due_by,
       method, pay_to_name, pay_to_iban, pay_to_bic)
     VALUES ($1, $2, $3, $4, $5, $6, 'KZT', $7, $8, $9, $9, $10::date, $11, $12, $13, $14) ON CONFLICT (application_id) DO NOTHING`,
    [p.applicationId, p.orderId, p.paymentId, p.userId, p.provider, p.amount, p.status, p.lastError, p.now, p.payoutDueBy,
      p.method ?? 'card', p.payTo?.name ?? null, p.payTo?.iban ?? null, p.payTo?.bic ?? null]);
  return rowCount === 1;
}

/**
 * Takes due payouts for sending: marks them `sending` with a lease and one more attempt, and
 * commits that before any provider is called, so a crash mid-call leaves a visible trace.
 */
export async function claimDuePayouts(db: Queryable, now: Date, leaseMs: number, limit: number): Promise<Payout[]> {
  const { rows } = await db.query<{
    application_id: string; order_id: string; payment_id: string; user_id: string; provider: string; amount: string;
    status: Payout['status']; attempts: number; provider_transaction_id: string | null;
  }>(
    `WITH due AS (
       SELECT application_id FROM refund_payouts WHERE status = 'pending' AND method = 'card' AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE refund_payouts r SET status = 'sending', attempts = r.attempts + 1, next_attempt_at = $2
     FROM due, payments p WHERE r.application_id = due.application_id AND p.id = r.payment_id
     RETURNING r.application_id, r.order_id, r.payment_id, r.user_id, r.provider, r.amount, r.status, r.attempts, p.provider_transaction_id`,
    [now, new Date(now.getTime() + leaseMs), limit]);
  return rows.map((r) => ({
    applicationId: r.application_id, orderId: r.order_id, paymentId: r.payment_id, userId: r.user_id, provider: r.provider,
    amount: Number(r.amount), currency: 'KZT', status: r.status, attempts: r.attempts, providerTransactionId: r.provider_transaction_id,
  }));
}

export async function markPayoutPaid(db: Queryable, applicationId: string, providerRefundId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE refund_payouts SET status = 'paid', provider_refund_id = $2, paid_at = $3, last_error = NULL
     WHERE application_id = $1 AND status = 'sending'`, [applicationId, providerRefundId, now]);
  return rowCount === 1;
}

export async function markPayoutRetry(db: Queryable, applicationId: string, error: string, nextAttemptAt: Date): Promise<void> {
  await db.query(
    `UPDATE refund_payouts SET status = 'pending', last_error = $2, next_attempt_at = $3 WHERE application_id = $1 AND status = 'sending'`,
    [applicationId, error.slice(0, 500), nextAttemptAt]);
}

export async function markPayoutReview(db: Queryable, applicationId: string, error: string): Promise<void> {
  await db.query(`UPDATE refund_payouts SET status = 'review', last_error = $2 WHERE application_id = $1`, [applicationId, error.slice(0, 500)]);
}

/** Sends whose lease ran out: the process died during the provider call, so money may have moved. */
export async function expireStaleSends(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE refund_payouts SET status = 'review', last_error = 'the payout call was interrupted; check with the provider before retrying'
     WHERE status = 'sending' AND next_attempt_at < $1`, [now]);
  return rowCount ?? 0;
}

export interface PayoutView {
  applicationId: string; orderId: string; userId: string; provider: string; amount: number; currency: string;
  status: Payout['status']; method: PayoutMethod; returnReason: string | null; attempts: number; lastError: string | null; providerRefundId: string | null;
  createdAt: Date; paidAt: Date | null;
  /** YYYY-MM-DD, Asia/Almaty; null for payouts recorded before billing kept it */
  payoutDueBy: string | null;
}

/** Payouts in a status (review: a person decides), oldest first, for admins. */
export async function listPayouts(db: Queryable, status: Payout['status'], limit: number, afterId?: string): Promise<PayoutView[]> {
  const { rows } = await db.query<{
    application_id: string; order_id: string; user_id: string; provider: string; amount: string; currency: string; status: Payout['status'];
    attempts: number; last_error: string | null; provider_refund_id: string | null; created_at: Date; paid_at: Date | null; payout_due_by: string | null;
    method: PayoutMethod; return_reason: string | null;
  }>(
    `SELECT application_id, order_id, user_id, provider, amount, currency, status, method, return_reason, attempts, last_error, provider_refund_id, created_at, paid_at,
       to_char(payout_due_by, 'YYYY-MM-DD') AS payout_due_by
     FROM refund_payouts WHERE status = $1 AND ($2::text IS NULL OR application_id > $2) ORDER BY application_id LIMIT $3`,
    [status, afterId ?? null, limit]);
  return rows.map((r) => ({
    applicationId: r.application_id, orderId: r.order_id, userId: r.user_id, provider: r.provider, amount: Number(r.amount), currency: r.currency,
    status: r.status, method: r.method, returnReason: r.return_reason, attempts: r.attempts, lastError: r.last_error, providerRefundId: r.provider_refund_id, createdAt: r.created_at, paidAt: r.paid_at,
    payoutDueBy: r.payout_due_by,
  }));
}

/** Written as the predicate of the partial index refund_payouts_unpaid_by_due (002_payout_due.sql), so that index serves it. */
const UNPAID = `status IN ('pending', 'sending', 'batched', 'returned', 'review')`;

/** Payouts not paid yet whose deadline (an Asia/Almaty date) is before `today`; undated ones are not counted. */
export async function countOverduePayouts(db: Queryable, today: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM refund_payouts WHERE ${UNPAID} AND payout_due_by < $1::date`, [today]);
  return rows[0]?.n ?? 0;
}

/** Payouts waiting for a person: unclear whether money moved, or not payable as approved. */
export async function countPayoutsInReview(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM refund_payouts WHERE status = 'review'`);
  return rows[0]?.n ?? 0;
}
