import type { Queryable } from '@joo/db';

/** identity's users as refunds knows them: only who exists, for 13.1 (a claim names an identifiable person). */
export async function rememberUser(db: Queryable, userId: string, registeredAt: Date): Promise<void> {
  await db.query('INSERT INTO known_users (user_id, registered_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING', [userId, registeredAt]);
}

/** An erased account is no longer a person a new claim can be entered for. */
export async function forgetUser(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM known_users WHERE user_id = $1', [userId]);
}

export async function isKnownUser(db: Queryable, userId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM known_users WHERE user_id = $1', [userId]);
  return (rowCount ?? 0) > 0;
}

