import type { OutboxValues } from '@joo/bus';
import { literal, literalOrNull, type Queryable, type QueryResult } from '@joo/db';
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
 * null for none). As SQL text, to go with COMMIT (`commitWith`): with the lock sent with BEGIN, a
 * notice costs two round trips, because a provider's retries and our own load arrive at the
 * busiest moments.
 */
export function settleStatement(s: {
  paymentId: string; orderId: string; provider: string; notice: { outcome: string; amount: number | null; currency: string | null; providerTransactionId: string | null };
  decision: string; paymentStatus: PaymentStatus; orderStatus: string; reason: string | null; now: Date; event: OutboxValues | null;
}): string {
  const q = literalOrNull;
  // Quoted and cast as a bound parameter would be: a value that is not a bigint fails the same way.
  const amount = `${q(s.notice.amount === null ? null : String(s.notice.amount))}::bigint`;
  const at = q(s.now.toISOString());
  const transaction = q(s.notice.providerTransactionId?.slice(0, 100) ?? null);
  const parts = [
    `notice AS (
       INSERT INTO payment_notices (payment_id, provider, outcome, amount, currency, provider_transaction_id, decision, detail, received_at)
       VALUES (${q(s.paymentId)}::uuid, ${q(s.provider)}, ${q(s.notice.outcome)}, ${amount}, ${q(s.notice.currency?.slice(0, 10) ?? null)},
               ${transaction}, ${q(s.decision)}, ${q(s.reason)}, ${at}::timestamptz))`,
    `payment AS (
       UPDATE payments SET status = ${q(s.paymentStatus)}, provider_transaction_id = coalesce(${transaction}, provider_transaction_id),
         failure_reason = ${q(s.reason)}, settled_at = ${at}::timestamptz
       WHERE id = ${q(s.paymentId)}::uuid)`,
  ];
  if (s.event) {
    const [id, type, subject, envelope] = s.event.map(q);
    parts.push(`event AS (INSERT INTO outbox (id, type, subject, envelope) VALUES (${id}::uuid, ${type}, ${subject}, ${envelope}::jsonb))`);
  }
  return `WITH ${parts.join(',\n     ')}
     UPDATE orders SET status = ${q(s.orderStatus)}, updated_at = ${at}::timestamptz,
       paid_at = CASE WHEN ${q(s.orderStatus)} = 'paid' THEN ${at}::timestamptz ELSE paid_at END
     WHERE id = ${q(s.orderId)}::uuid`;
}
