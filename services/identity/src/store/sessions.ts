import type { Queryable } from '@joo/db';

export type RevokeReason =
  | 'logout' | 'evicted' | 'revoked_by_user' | 'refresh_reuse' | 'suspended' | 'offer_refused' | 'erased';

export interface Session {
  id: string;
  userId: string;
  deviceId: string;
  deviceName: string;
  createdAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  device_id: string;
  device_name: string;
  created_at: Date;
  last_seen_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, user_id, device_id, device_name, created_at, last_seen_at, revoked_at';

function toSession(r: SessionRow): Session {
  return {
    id: r.id, userId: r.user_id, deviceId: r.device_id, deviceName: r.device_name,
    createdAt: r.created_at, lastSeenAt: r.last_seen_at, revokedAt: r.revoked_at,
  };
}

/**
 * Sessions not revoked and seen since `aliveSince` (older ones hold no refresh token that still
 * works, so they no longer take a device slot), least recently used first.
 */
export async function activeSessions(db: Queryable, userId: string, aliveSince: Date): Promise<Session[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${COLUMNS} FROM sessions
            WHERE user_id = $1 AND revoked_at IS NULL AND last_seen_at > $2 ORDER BY last_seen_at, id`,
    [userId, aliveSince]);
  return rows.map(toSession);
}

export async function insertSession(
  db: Queryable, s: { id: string; userId: string; deviceId: string; deviceName: string; now: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO sessions (id, user_id, device_id, device_name, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $5)`,
    [s.id, s.userId, s.deviceId, s.deviceName, s.now]);
}

export async function touchSession(db: Queryable, id: string, now: Date, deviceName?: string): Promise<void> {
  await db.query(
    'UPDATE sessions SET last_seen_at = $2, device_name = coalesce($3, device_name) WHERE id = $1 AND revoked_at IS NULL',
    [id, now, deviceName ?? null]);
}

/**
 * Revokes the user's active sessions (all of them, or those listed; never `exceptId`) and returns what it revoked.
 * Their refresh tokens die with them: refresh checks the session.
 */
export async function revokeSessions(
  db: Queryable, options: { userId: string; ids?: string[]; exceptId?: string; reason: RevokeReason; now: Date },
): Promise<Session[]> {
  const { rows } = await db.query<SessionRow>(
    `UPDATE sessions SET revoked_at = $2, revoked_reason = $3
      WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
        AND ($5::uuid IS NULL OR id <> $5::uuid)
      RETURNING ${COLUMNS}`,
    [options.userId, options.now, options.reason, options.ids ?? null, options.exceptId ?? null]);
  return rows.map(toSession);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a token's id can name a row at all (PostgreSQL refuses a malformed uuid). */
export const isUuid = (id: string): boolean => UUID.test(id);
/** Whether a token's session id can name a session at all. */
export const isSessionId = isUuid;

/** True when the session is unknown or revoked. */
export async function isSessionRevoked(db: Queryable, id: string): Promise<boolean> {
  if (!isSessionId(id)) return true;
  const { rows } = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE id = $1', [id]);
  return rows[0]?.revoked ?? true;
}

/**
 * Ends the user's sessions last seen before `aliveSince`: their tokens all expired long ago, so
 * no event is due, but the device's slot (one live session per device) must be free again.
 */
export async function expireStaleSessions(db: Queryable, userId: string, aliveSince: Date, now: Date): Promise<void> {
  await db.query(
    `UPDATE sessions SET revoked_at = $3, revoked_reason = 'expired'
      WHERE user_id = $1 AND revoked_at IS NULL AND last_seen_at <= $2`,
    [userId, aliveSince, now]);
}
