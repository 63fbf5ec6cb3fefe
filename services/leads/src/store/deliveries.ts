import type { Queryable } from '@joo/db';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  leadId: string;
  partnerId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  failedAt: string | null;
}

interface Row {
  id: string; lead_id: string; partner_id: string; status: DeliveryStatus; attempts: number; next_attempt_at: Date | null;
  last_status_code: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null; failed_at: Date | null;
}

const toDelivery = (r: Row): Delivery => ({
  id: r.id, leadId: r.lead_id, partnerId: r.partner_id, status: r.status, attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at?.toISOString() ?? null, lastStatusCode: r.last_status_code, lastError: r.last_error,
  createdAt: r.created_at.toISOString(), deliveredAt: r.delivered_at?.toISOString() ?? null, failedAt: r.failed_at?.toISOString() ?? null,
});

export async function insertDelivery(db: Queryable, d: { id: string; leadId: string; partnerId: string; now: Date }): Promise<void> {
  await db.query(
    `INSERT INTO deliveries (id, lead_id, partner_id, status, next_attempt_at, created_at) VALUES ($1, $2, $3, 'pending', $4, $4)`,
    [d.id, d.leadId, d.partnerId, d.now]);
}

/**
 * Takes up to `limit` due deliveries for one attempt each: their next attempt is pushed past the
 * lease, so a crash mid-attempt retries after it and other workers skip them meanwhile.
 */
export async function claimDue(db: Queryable, now: Date, leaseUntil: Date, limit: number): Promise<Array<{ id: string; attempts: number }>> {
  const { rows } = await db.query<{ id: string; attempts: number }>(
    `UPDATE deliveries SET next_attempt_at = $2
     WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts`, [now, leaseUntil, limit]);
  return rows;
}

export async function findDelivery(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Delivery | null> {
  const { rows } = await db.query<Row>(`SELECT * FROM deliveries WHERE id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toDelivery(rows[0]) : null;
}

export async function recordAttempt(db: Queryable, a: {
  deliveryId: string; attempt: number; startedAt: Date; durationMs: number; statusCode: number | null; error: string | null;
}): Promise<void> {
  await db.query(
    `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT DO NOTHING`,
    [a.deliveryId, a.attempt, a.startedAt, a.durationMs, a.statusCode, a.error]);
}

export async function markDeliveryDone(db: Queryable, id: string, attempts: number, statusCode: number, now: Date): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'delivered', attempts = $2, last_status_code = $3, last_error = NULL, delivered_at = $4,
       next_attempt_at = NULL WHERE id = $1`, [id, attempts, statusCode, now]);
}

export async function markDeliveryRetry(db: Queryable, id: string, attempts: number, r: { statusCode: number | null; error: string | null; next: Date | null; now: Date }): Promise<void> {
  await db.query(
    `UPDATE deliveries SET attempts = $2, last_status_code = $3, last_error = $4, next_attempt_at = $5,
       status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
       failed_at = CASE WHEN $5::timestamptz IS NULL THEN $6 ELSE failed_at END
     WHERE id = $1`, [id, attempts, r.statusCode, r.error, r.next, r.now]);
}

export async function cancelDelivery(db: Queryable, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = $2 WHERE id = $1`, [id, reason]);
}

/** A failed delivery starts over: a fresh round of attempts from now. */
export async function requeueDelivery(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, redelivered_at = $2, failed_at = NULL WHERE id = $1`,
    [id, now]);
}

export async function listDeliveries(db: Queryable, filter: { status?: DeliveryStatus; partnerId?: string; after?: [string, string]; limit: number }): Promise<Delivery[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM deliveries WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR partner_id = $2)
       AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
     ORDER BY created_at DESC, id DESC LIMIT $5`,
    [filter.status ?? null, filter.partnerId ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit]);
  return rows.map(toDelivery);
}

/** The earliest pending attempt, so the worker can sleep until then. */
export async function nextDueAt(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(`SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'`);
  return rows[0]?.at ?? null;
}
