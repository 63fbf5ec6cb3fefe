/**
 * Refunds' copies of billing's and catalog's facts (orders, payments, course lengths, access starts),
 * written by the event handlers and read when an application is assessed.
 */
import type { Queryable } from '@joo/db';

export interface OrderFactsRow {
  orderId: string;
  userId: string;
  productId: string;
  productVersion: number;
  /** the snapshotted price; the paid total when billing's order.created has not arrived */
  price: number;
  currency: 'KZT';
  payments: Array<{ amount: number; paidAt: Date }>;
  /** null while catalog.product.changed for the product is unknown */
  courseMonths: number | null;
  accessStart: Date | null;
  /** approved (or paid) refunds on the order so far */
  alreadyRefunded: number;
}

export async function upsertOrder(db: Queryable, o: { id: string; userId: string; productId: string; productVersion: number; price: number; currency: string; createdAt: Date }): Promise<void> {
  await db.query(
    `INSERT INTO orders (id, user_id, product_id, product_version, price, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING`,
    [o.id, o.userId, o.productId, o.productVersion, o.price, o.currency, o.createdAt]);
}

export async function insertPayment(db: Queryable, p: {
  id: string; orderId: string; userId: string; productId: string; productVersion: number; amount: number; currency: string; paidAt: Date;
}): Promise<void> {
  await db.query(
    `INSERT INTO payments (id, order_id, user_id, product_id, product_version, amount, currency, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO NOTHING`,
    [p.id, p.orderId, p.userId, p.productId, p.productVersion, p.amount, p.currency, p.paidAt]);
}

export async function upsertProductVersion(db: Queryable, productId: string, version: number, courseMonths: number): Promise<void> {
  await db.query(
    `INSERT INTO product_versions (product_id, version, course_months) VALUES ($1, $2, $3)
     ON CONFLICT (product_id, version) DO UPDATE SET course_months = EXCLUDED.course_months`,
    [productId, version, courseMonths]);
}

/** The earliest grant wins: an order's access begins once, later grants (re-grants) do not move it. */
export async function recordAccessStart(db: Queryable, orderId: string, validFrom: Date): Promise<void> {
  await db.query(
    `INSERT INTO access_starts (order_id, valid_from) VALUES ($1, $2)
     ON CONFLICT (order_id) DO UPDATE SET valid_from = least(access_starts.valid_from, EXCLUDED.valid_from)`,
    [orderId, validFrom]);
}

/** Everything an assessment needs about a paid order, or null when refunds has no payment for it. */
export async function loadOrderFacts(db: Queryable, orderId: string): Promise<OrderFactsRow | null> {
  const { rows: payments } = await db.query<{ amount: string; paid_at: Date; user_id: string; product_id: string; product_version: number; currency: 'KZT' }>(
    'SELECT amount, paid_at, user_id, product_id, product_version, currency FROM payments WHERE order_id = $1 ORDER BY paid_at', [orderId]);
  const first = payments[0];
  if (!first) return null;
  const { rows } = await db.query<{ price: string | null; course_months: number | null; valid_from: Date | null; refunded: string }>(
    `SELECT (SELECT price FROM orders WHERE id = $1) AS price,
       -- the version bought; a version refunds never saw falls back to the product's latest known one
       coalesce(
         (SELECT course_months FROM product_versions WHERE product_id = $2 AND version = $3),
         (SELECT course_months FROM product_versions WHERE product_id = $2 ORDER BY version DESC LIMIT 1)) AS course_months,
       (SELECT valid_from FROM access_starts WHERE order_id = $1) AS valid_from,
       (SELECT coalesce(sum(approved_amount), 0) FROM applications WHERE order_id = $1 AND status IN ('approved', 'paid')) AS refunded`,
    [orderId, first.product_id, first.product_version]);
  const facts = rows[0]!;
  const paid = payments.reduce((sum, p) => sum + Number(p.amount), 0);
  return {
    orderId, userId: first.user_id, productId: first.product_id, productVersion: first.product_version,
    price: facts.price === null ? paid : Number(facts.price), currency: first.currency,
    payments: payments.map((p) => ({ amount: Number(p.amount), paidAt: p.paid_at })),
    courseMonths: facts.course_months, accessStart: facts.valid_from, alreadyRefunded: Number(facts.refunded),
  };
}

/** Whose the order is, from billing's order.created, for an order refunds has seen but no payment of. */
export async function findOrderOwner(db: Queryable, orderId: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM orders WHERE id = $1', [orderId]);
  return rows[0]?.user_id ?? null;
}
