import type { Queryable } from '@joo/db';

export async function insertWarning(
  db: Queryable, w: { id: string; userId: string; reason: string; issuedBy: string; now: Date },
): Promise<void> {
  await db.query('INSERT INTO user_warnings (id, user_id, reason, issued_by, issued_at) VALUES ($1, $2, $3, $4, $5)',
    [w.id, w.userId, w.reason, w.issuedBy, w.now]);
}

/** Erasure: a warning's reason may name the person; the fact that there was one stays. */
export async function wipeWarningReasons(db: Queryable, userId: string): Promise<void> {
  await db.query(`UPDATE user_warnings SET reason = '' WHERE user_id = $1`, [userId]);
}
