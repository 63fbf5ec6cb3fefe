import type { OutboxValues } from '@joo/bus';
import { literal, type Queryable, type QueryResult } from '@joo/db';
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

/**
 * The payment with its order, locked: as SQL text to send with BEGIN (one round trip fewer per
 * notice), so the id is quoted here rather than bound. Read the result with `lockedPayment`.
 */
export function lockPaymentStatement(id: string): string {
  return `SELECT p.id, p.order_id, p.provider, p.amount, p.currency, p.status, p.provider_transaction_id,
            o.user_id, o.product_id, o.product_version, o.profile_subject
          FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = ${literal(id)} FOR UPDATE OF p`;
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
  await db.query({
    name: 'billing.record-notice',
    text: `INSERT INTO payment_notices (payment_id, provider, outcome, amount, currency, provider_transaction_id, decision, detail, received_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    values: [n.paymentId, n.provider, n.outcome, n.amount, n.currency?.slice(0, 10) ?? null, n.providerTransactionId?.slice(0, 100) ?? null, n.decision, n.detail, n.now],
  });
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
 * order's (paid_at set when paid), and the event that tells the others (`event`, its outbox row;
 * null for none). One round trip, because a provider's retries and our own load arrive at the
 * busiest moments.
 */
export async function settlePaymentAndOrder(db: Queryable, s: {
  paymentId: string; orderId: string; provider: string; notice: { outcome: string; amount: number | null; currency: string | null; providerTransactionId: string | null };
  decision: string; paymentStatus: PaymentStatus; orderStatus: string; reason: string | null; now: Date; event: OutboxValues | null;
}): Promise<void> {
  await db.query({
    name: 'billing.settle-payment-and-order',
    text: `WITH notice AS (
             INSERT INTO payment_notices (payment_id, provider, outcome, amount, currency, provider_transaction_id, decision, detail, received_at)
             VALUES ($1, $3, $4, $5, $6, $7, $8, $11, $12)),
           payment AS (
             UPDATE payments SET status = $9, provider_transaction_id = coalesce($7, provider_transaction_id), failure_reason = $11, settled_at = $12
             WHERE id = $1),
           event AS (
             INSERT INTO outbox (id, type, subject, envelope) SELECT $13::uuid, $14::text, $15::text, $16::jsonb WHERE $13::uuid IS NOT NULL)
           UPDATE orders SET status = $10, updated_at = $12, paid_at = CASE WHEN $10 = 'paid' THEN $12 ELSE paid_at END WHERE id = $2`,
    values: [s.paymentId, s.orderId, s.provider, s.notice.outcome, s.notice.amount, s.notice.currency?.slice(0, 10) ?? null,
      s.notice.providerTransactionId?.slice(0, 100) ?? null, s.decision, s.paymentStatus, s.orderStatus, s.reason, s.now,
      ...(s.event ?? [null, null, null, null])],
  });
}
