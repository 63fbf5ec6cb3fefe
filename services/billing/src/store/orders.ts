import type { Queryable } from '@joo/db';
import type { PaymentStatus } from '../domain/callback-outcome.js';

export type OrderStatus = 'pending' | 'paid' | 'failed' | 'on_hold' | 'cancelled';

export interface Order {
  id: string;
  userId: string;
  productId: string;
  productVersion: number;
  productCode: string;
  productTitle: { kk: string; ru: string };
  amount: number;
  currency: 'KZT';
  profileSubject: string | null;
  provider: string;
  status: OrderStatus;
  refundedAmount: number;
  createdAt: Date;
  paidAt: Date | null;
  paymentId: string;
  paymentUrl: string;
  paymentStatus: PaymentStatus;
}

interface Row {
  id: string; user_id: string; product_id: string; product_version: number; product_code: string;
  product_title: { kk: string; ru: string }; amount: string; currency: 'KZT'; profile_subject: string | null; provider: string;
  status: OrderStatus; refunded_amount: string; created_at: Date; paid_at: Date | null;
  payment_id: string; payment_url: string; payment_status: PaymentStatus;
}

const SELECT = `SELECT o.id, o.user_id, o.product_id, o.product_version, o.product_code, o.product_title, o.amount, o.currency,
  o.profile_subject, o.provider, o.status, o.refunded_amount, o.created_at, o.paid_at,
  p.id AS payment_id, p.payment_url, p.status AS payment_status
  FROM orders o JOIN payments p ON p.order_id = o.id`;

function toOrder(r: Row): Order {
  return {
    id: r.id, userId: r.user_id, productId: r.product_id, productVersion: r.product_version, productCode: r.product_code,
    productTitle: r.product_title, amount: Number(r.amount), currency: r.currency, profileSubject: r.profile_subject,
    provider: r.provider, status: r.status, refundedAmount: Number(r.refunded_amount), createdAt: r.created_at, paidAt: r.paid_at,
    paymentId: r.payment_id, paymentUrl: r.payment_url, paymentStatus: r.payment_status,
  };
}

export interface NewOrder {
  id: string; userId: string; productId: string; productVersion: number; productCode: string;
  productTitle: { kk: string; ru: string }; amount: number; profileSubject: string | null; provider: string; now: Date;
}

export async function insertOrder(db: Queryable, o: NewOrder): Promise<void> {
  await db.query(
    `INSERT INTO orders (id, user_id, product_id, product_version, product_code, product_title, amount, currency, profile_subject,
       provider, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'KZT', $8, $9, 'pending', $10, $10)`,
    [o.id, o.userId, o.productId, o.productVersion, o.productCode, JSON.stringify(o.productTitle), o.amount, o.profileSubject, o.provider, o.now]);
}

export async function findOrder(db: Queryable, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE o.id = $1`, [id]);
  return rows[0] ? toOrder(rows[0]) : undefined;
}

/** A user's orders, newest first, after the cursor (created_at, id) of the last one seen. */
export async function listUserOrders(db: Queryable, userId: string, limit: number, after?: { createdAt: string; id: string }): Promise<Order[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE o.user_id = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::uuid))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
    [userId, after?.createdAt ?? null, after?.id ?? null, limit]);
  return rows.map(toOrder);
}

export async function addRefunded(db: Queryable, id: string, amount: number, now: Date): Promise<void> {
  await db.query('UPDATE orders SET refunded_amount = refunded_amount + $2, updated_at = $3 WHERE id = $1', [id, amount, now]);
}

/** Orders in a status (e.g. on_hold: a suspicious payment to check), newest first, for admins. */
export async function listOrdersByStatus(db: Queryable, status: OrderStatus, limit: number, after?: { createdAt: string; id: string }): Promise<Order[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE o.status = $1 AND ($2::timestamptz IS NULL OR (o.created_at, o.id) < ($2::timestamptz, $3::uuid))
     ORDER BY o.created_at DESC, o.id DESC LIMIT $4`,
    [status, after?.createdAt ?? null, after?.id ?? null, limit]);
  return rows.map(toOrder);
}
