import type { Queryable } from '@joo/db';
import { DEVICE_TOKEN_TTL_MS, type DeviceTokenRecord } from '../domain/known-device.js';

interface Row { id: string; user_id: string; device_id: string; issued_at: Date; revoked_at: Date | null }

export async function findDeviceToken(db: Queryable, hash: Buffer): Promise<DeviceTokenRecord | undefined> {
  const { rows } = await db.query<Row>(
    'SELECT id, user_id, device_id, issued_at, revoked_at FROM device_tokens WHERE token_hash = $1', [hash]);
  const r = rows[0];
  return r && { id: r.id, userId: r.user_id, deviceId: r.device_id, issuedAt: r.issued_at, revokedAt: r.revoked_at };
}

/** The device's next token; the one before (if any) stops counting. Call under the user's row lock. */
export async function issueDeviceToken(
  db: Queryable, t: { id: string; hash: Buffer; userId: string; deviceId: string; now: Date },
): Promise<void> {
  await db.query('UPDATE device_tokens SET revoked_at = $3 WHERE user_id = $1 AND device_id = $2 AND revoked_at IS NULL',
    [t.userId, t.deviceId, t.now]);
  await db.query('INSERT INTO device_tokens (id, token_hash, user_id, device_id, issued_at) VALUES ($1, $2, $3, $4, $5)',
    [t.id, t.hash, t.userId, t.deviceId, t.now]);
}

export async function revokeDeviceToken(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query('UPDATE device_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
}

/** Every device of the user becomes unknown again (erasure). */
export async function deleteDeviceTokens(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM device_tokens WHERE user_id = $1', [userId]);
}

/** Drops tokens that can no longer count: revoked, or issued longer ago than their lifetime. */
export async function pruneDeviceTokens(db: Queryable, now: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM device_tokens WHERE revoked_at IS NOT NULL OR issued_at <= $1',
    [new Date(now.getTime() - DEVICE_TOKEN_TTL_MS)]);
  return rowCount ?? 0;
}
