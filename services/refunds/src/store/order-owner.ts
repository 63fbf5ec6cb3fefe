import type { Queryable } from '@joo/db';

/** Whose an order is, from billing's order or payment facts; null when refunds has never heard of it. */
export async function orderOwner(db: Queryable, orderId: string): Promise<string | null> {
  const { rows } = await db.query<{ user_id: string }>(
    `SELECT user_id FROM orders WHERE id = $1 UNION ALL SELECT user_id FROM payments WHERE order_id = $1 LIMIT 1`, [orderId]);
  return rows[0]?.user_id ?? null;
}
