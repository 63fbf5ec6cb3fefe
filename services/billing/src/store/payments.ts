import { outboxInsert, type OutboxRow } from '@joo/bus';
import { defineStatement, execution, type Execution, type Queryable, type QueryResult } from '@joo/db';
import type { PaymentStatus } from '../domain/callback-outcome.js';

export interface PaymentForUpdate {
  id: string;
  orderId: string;
  provider: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  providerTransactionId: string | null;
  userId: string;
  productId: string;
  productVersion: number;
  profileSubject: string | null;
}

export async function insertPayment(db: Queryable, p: {
  id: string; orderId: string; provider: string; amount: number; providerPaymentId: string | null; paymentUrl: string; now: Date;
}): Promise<void> {
  await db.query(
    `INSERT INTO payments (id, order_id, provider, amount, currency, status, provider_payment_id, payment_url, created_at)
     VALUES ($1, $2, $3, $4, 'KZT', 'pending', $5, $6, $7)`,
    [p.id, p.orderId, p.provider, p.amount, p.providerPaymentId, p.paymentUrl, p.now]);
}

/** The payment with its order's facts, locked: concurrent notices for one payment queue here. */
type LockedRow = {
  id: string; order_id: string; provider: string; amount: string; currency: string; status: PaymentStatus;
  provider_transaction_id: string | null; user_id: string; product_id: string; product_version: number; profile_subject: string | null;
};

/** The payment with its order, locked, to send with BEGIN (one round trip fewer per notice). Read the result with `lockedPayment`. */
const LOCK_PAYMENT = defineStatement('billing_lock_payment', ['uuid'], `
  SELECT p.id, p.order_id, p.provider, p.amount, p.currency, p.status, p.provider_transaction_id,
         o.user_id, o.product_id, o.product_version, o.profile_subject
  FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1 FOR UPDATE OF p`);

export function lockPaymentStatement(id: string): Execution {
  return execution(LOCK_PAYMENT, [id]);
}

export function lockedPayment(result: QueryResult | undefined): PaymentForUpdate | undefined {
  const r = result?.rows[0] as LockedRow | undefined;
  if (!r) return undefined;
  return {
    id: r.id, orderId: r.order_id, provider: r.provider, amount: Number(r.amount), currency: r.currency, status: r.status,
    providerTransactionId: r.provider_transaction_id, userId: r.user_id, productId: r.product_id, productVersion: r.product_version,
    profileSubject: r.profile_subject,
  };
}

export async function recordNotice(db: Queryable, n: {
  paymentId: string; provider: string; outcome: string; amount: number | null; currency: string | null;
  providerTransactionId: string | null; decision: string; detail: string | null; now: Date;
}): Promise<void> {
  await db.query(
    `INSERT INTO payment_notices (payment_id, provider, outcome, amount, currency, provider_transaction_id, decision, detail, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [n.paymentId, n.provider, n.outcome, n.amount, n.currency?.slice(0, 10) ?? null, n.providerTransactionId?.slice(0, 100) ?? null, n.decision, n.detail, n.now]);
}

/** For the sandbox page: the payment with what it pays for. */
export async function findPaymentView(db: Queryable, id: string): Promise<{
  id: string; orderId: string; provider: string; amount: number; currency: string; status: PaymentStatus;
  productTitle: { kk: string; ru: string };
} | undefined> {
  const { rows } = await db.query<{
    id: string; order_id: string; provider: string; amount: string; currency: string; status: PaymentStatus; product_title: { kk: string; ru: string };
  }>(
    `SELECT p.id, p.order_id, p.provider, p.amount, p.currency, p.status, o.product_title
     FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = $1`, [id]);
  const r = rows[0];
  return r && { id: r.id, orderId: r.order_id, provider: r.provider, amount: Number(r.amount), currency: r.currency, status: r.status, productTitle: r.product_title };
}

/**
 * Settles a pending payment in one statement: the notice on record, the payment's status, its
 * order's (paid_at set when paid), and the event that tells the others (its outbox row, when there
 * is one). To go with COMMIT (`commitWith`): with the lock sent with BEGIN, a notice costs two round
 * trips, because a provider's retries and our own load arrive at the busiest moments.
 */
const SETTLE = defineStatement('billing_settle_payment',
  ['uuid', 'text', 'text', 'bigint', 'text', 'text', 'text', 'text', 'timestamptz', 'text', 'uuid', 'text', 'jsonb'], `
  WITH notice AS (
         INSERT INTO payment_notices (payment_id, provider, outcome, amount, currency, provider_transaction_id, decision, detail, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)),
       payment AS (
         UPDATE payments SET status = $10, provider_transaction_id = coalesce($6, provider_transaction_id),
           failure_reason = $8, settled_at = $9
         WHERE id = $1),
       event AS (${outboxInsert('$13')} WHERE ev IS NOT NULL)
  UPDATE orders SET status = $12, updated_at = $9, paid_at = CASE WHEN $12 = 'paid' THEN $9 ELSE paid_at END
  WHERE id = $11`);

export function settleStatement(s: {
  paymentId: string; orderId: string; provider: string; notice: { outcome: string; amount: number | null; currency: string | null; providerTransactionId: string | null };
  decision: string; paymentStatus: PaymentStatus; orderStatus: string; reason: string | null; now: Date; event: OutboxRow | null;
}): Execution {
  return execution(SETTLE, [
    s.paymentId, s.provider, s.notice.outcome, s.notice.amount, s.notice.currency?.slice(0, 10) ?? null,
    s.notice.providerTransactionId?.slice(0, 100) ?? null, s.decision, s.reason, s.now, s.paymentStatus, s.orderId, s.orderStatus, s.event,
  ]);
}
