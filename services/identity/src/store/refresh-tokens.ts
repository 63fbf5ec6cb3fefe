import type { Queryable } from '@joo/db';

export interface RefreshTokenRecord {
  sessionId: string;
  userId: string;
  expiresAt: Date;
  usedAt: Date | null;
  sessionRevoked: boolean;
}

export async function insertRefreshToken(
  db: Queryable, t: { hash: Buffer; sessionId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    'INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
    [t.hash, t.sessionId, t.now, t.expiresAt]);
}

/**
 * Locks the token and its session, so two uses of one token are decided one after the other and
 * a revocation committing meanwhile is seen (READ COMMITTED re-reads locked rows after the wait).
 */
export async function lockRefreshToken(db: Queryable, hash: Buffer): Promise<RefreshTokenRecord | undefined> {
  const { rows } = await db.query<{
    session_id: string; user_id: string; expires_at: Date; used_at: Date | null; session_revoked: boolean;
  }>(
    `SELECT t.session_id, s.user_id, t.expires_at, t.used_at, s.revoked_at IS NOT NULL AS session_revoked
       FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id
      WHERE t.token_hash = $1 FOR UPDATE OF t, s`,
    [hash]);
  const r = rows[0];
  return r && {
    sessionId: r.session_id, userId: r.user_id, expiresAt: r.expires_at, usedAt: r.used_at, sessionRevoked: r.session_revoked,
  };
}

export async function markRefreshTokenUsed(db: Queryable, hash: Buffer, now: Date): Promise<void> {
  await db.query('UPDATE refresh_tokens SET used_at = $2 WHERE token_hash = $1', [hash, now]);
}

/**
 * A known device signs in again: in one statement, touch its session, retire its unused tokens
 * (superseded, not stolen: showing one later is a plain 401, not a reuse) and store the new one. One round trip instead of three
 * keeps the login's cost close to the password hash it cannot avoid. False when the session was
 * revoked meanwhile (a logout racing this login): then nothing is written.
 */
export async function reissueForDevice(
  db: Queryable, r: { sessionId: string; deviceName: string; hash: Buffer; now: Date; expiresAt: Date },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH touched AS (
       UPDATE sessions SET last_seen_at = $3, device_name = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id
     ), retired AS (
       DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM touched) AND used_at IS NULL
     )
     INSERT INTO refresh_tokens (token_hash, session_id, created_at, expires_at) SELECT $4, id, $3, $5 FROM touched`,
    [r.sessionId, r.deviceName, r.now, r.hash, r.expiresAt]);
  return rowCount === 1;
}

/**
 * Drops refresh tokens nobody can use any more: expired ones, and those of sessions revoked more
 * than a day ago. Used tokens of live sessions stay until they expire: they are how a reuse is
 * recognised.
 */
export async function pruneRefreshTokens(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM refresh_tokens t
      WHERE t.expires_at <= $1
         OR EXISTS (SELECT 1 FROM sessions s WHERE s.id = t.session_id AND s.revoked_at <= $1 - interval '1 day')`,
    [now]);
  return rowCount ?? 0;
}
