import type { Queryable } from '@joo/db';

export interface ErasureRequest {
  id: string;
  userId: string;
  /** YYYY-MM-DD, Asia/Almaty */
  scheduledFor: string;
  noticeEmail: string;
}

interface ErasureRow {
  id: string;
  user_id: string;
  scheduled_for: string;
  notice_email: string | null;
}

const COLUMNS = `id, user_id, to_char(scheduled_for, 'YYYY-MM-DD') AS scheduled_for, notice_email`;

function toRequest(r: ErasureRow): ErasureRequest {
  return { id: r.id, userId: r.user_id, scheduledFor: r.scheduled_for, noticeEmail: r.notice_email ?? '' };
}

export async function pendingErasure(db: Queryable, userId: string): Promise<ErasureRequest | undefined> {
  const { rows } = await db.query<ErasureRow>(
    `SELECT ${COLUMNS} FROM erasure_requests WHERE user_id = $1 AND status = 'pending'`, [userId]);
  return rows[0] && toRequest(rows[0]);
}

export async function insertErasureRequest(
  db: Queryable, r: { id: string; userId: string; now: Date; scheduledFor: string; noticeEmail: string },
): Promise<void> {
  await db.query(
    `INSERT INTO erasure_requests (id, user_id, requested_at, scheduled_for, notice_email) VALUES ($1, $2, $3, $4, $5)`,
    [r.id, r.userId, r.now, r.scheduledFor, r.noticeEmail]);
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
