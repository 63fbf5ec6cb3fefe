import type { Queryable } from '@joo/db';

export interface StoredReset {
  resetId: string;
  codeHash: Buffer;
  expiresAt: Date;
  tries: number;
}

/** The user's live code, replacing any earlier one (and its tries). */
export async function replaceReset(
  db: Queryable, r: { userId: string; resetId: string; codeHash: Buffer; expiresAt: Date; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO password_resets (user_id, reset_id, code_hash, expires_at, tries, created_at) VALUES ($1, $2, $3, $4, 0, $5)
     ON CONFLICT (user_id) DO UPDATE SET reset_id = $2, code_hash = $3, expires_at = $4, tries = 0, created_at = $5`,
    [r.userId, r.resetId, r.codeHash, r.expiresAt, r.now]);
}

/**
 * Spends one try of the user's code, if it is still usable, and returns it. The try is counted
 * before the code is compared (and commits on its own), so concurrent guesses cannot outrun the limit.
 */
export async function spendTry(db: Queryable, userId: string, now: Date, maxTries: number): Promise<StoredReset | undefined> {
  const { rows } = await db.query<{ reset_id: string; code_hash: Buffer; expires_at: Date; tries: number }>(
    `UPDATE password_resets SET tries = tries + 1 WHERE user_id = $1 AND expires_at > $2 AND tries < $3
     RETURNING reset_id, code_hash, expires_at, tries`, [userId, now, maxTries]);
  const r = rows[0];
  return r ? { resetId: r.reset_id, codeHash: r.code_hash, expiresAt: r.expires_at, tries: r.tries } : undefined;
}

/** Uses the code up; false when another request used or replaced it first. */
export async function consumeReset(db: Queryable, userId: string, resetId: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM password_resets WHERE user_id = $1 AND reset_id = $2', [userId, resetId]);
  return (rowCount ?? 0) > 0;
}

export async function recordResetRequest(db: Queryable, r: { userId: string | null; ip: string; now: Date }): Promise<void> {
  await db.query('INSERT INTO password_reset_requests (user_id, ip, requested_at) VALUES ($1, $2, $3)', [r.userId, r.ip, r.now]);
}

/** Requests since `since` for the account (when known) and for the address. */
export async function recentResetRequests(
  db: Queryable, r: { userId: string | null; ip: string; since: Date },
): Promise<{ account: number; ip: number }> {
  const { rows } = await db.query<{ account: number; ip: number }>(
    `SELECT (SELECT count(*)::int FROM password_reset_requests WHERE $1::uuid IS NOT NULL AND user_id = $1 AND requested_at > $3) AS account,
            (SELECT count(*)::int FROM password_reset_requests WHERE ip = $2 AND requested_at > $3) AS ip`,
    [r.userId, r.ip, r.since]);
  return { account: rows[0]?.account ?? 0, ip: rows[0]?.ip ?? 0 };
}

export async function pruneResetRequests(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM password_reset_requests WHERE requested_at <= $1', [before]);
  return rowCount ?? 0;
}
