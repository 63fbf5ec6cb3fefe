import type { Queryable } from '@joo/db';

export interface ErasureRequest {
  id: string;
  userId: string;
  /** YYYY-MM-DD, Asia/Almaty */
  scheduledFor: string;
  noticeEmail: string;
  /** ISO instant the request reached the Company */
  receivedAt: string;
}

interface ErasureRow {
  id: string;
  user_id: string;
  scheduled_for: string;
  notice_email: string | null;
  received_at: Date | null;
  requested_at: Date;
}

const COLUMNS = `id, user_id, to_char(scheduled_for, 'YYYY-MM-DD') AS scheduled_for, notice_email, received_at, requested_at`;

function toRequest(r: ErasureRow): ErasureRequest {
  return {
    id: r.id, userId: r.user_id, scheduledFor: r.scheduled_for, noticeEmail: r.notice_email ?? '',
    receivedAt: (r.received_at ?? r.requested_at).toISOString(),
  };
}

export async function pendingErasure(db: Queryable, userId: string): Promise<ErasureRequest | undefined> {
  const { rows } = await db.query<ErasureRow>(
    `SELECT ${COLUMNS} FROM erasure_requests WHERE user_id = $1 AND status = 'pending'`, [userId]);
  return rows[0] && toRequest(rows[0]);
}

export async function insertErasureRequest(
  db: Queryable,
  r: { id: string; userId: string; now: Date; receivedAt: Date; enteredBy: string | null; scheduledFor: string; noticeEmail: string },
): Promise<void> {
  await db.query(
    `INSERT INTO erasure_requests (id, user_id, requested_at, received_at, entered_by, scheduled_for, notice_email)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.id, r.userId, r.now, r.receivedAt, r.enteredBy, r.scheduledFor, r.noticeEmail]);
}

/** An earlier-received request for the same user moves the pending one's date forward. */
export async function rescheduleErasure(
  db: Queryable, id: string, r: { scheduledFor: string; receivedAt: Date; enteredBy: string | null; noticeEmail: string },
): Promise<void> {
  await db.query(
    `UPDATE erasure_requests SET scheduled_for = $2, received_at = $3, entered_by = $4, notice_email = $5 WHERE id = $1 AND status = 'pending'`,
    [id, r.scheduledFor, r.receivedAt, r.enteredBy, r.noticeEmail]);
}

/**
 * Claims one due request: the row stays locked until the caller's transaction ends, and other
 * sweepers skip it, so replicas can sweep at once without erasing twice.
 */
export async function claimDueErasure(db: Queryable, today: string): Promise<ErasureRequest | undefined> {
  const { rows } = await db.query<ErasureRow>(
    `SELECT ${COLUMNS} FROM erasure_requests WHERE status = 'pending' AND scheduled_for <= $1::date
      ORDER BY scheduled_for, requested_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [today]);
  return rows[0] && toRequest(rows[0]);
}

export async function completeErasure(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE erasure_requests SET status = 'done', done_at = $2, notice_email = NULL WHERE id = $1`, [id, now]);
}
