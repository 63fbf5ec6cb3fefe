import type { Queryable } from '@joo/db';

export async function insertEntry(q: Queryable, e: { id: string; contestId: string; userId: string; now: Date }): Promise<void> {
  await q.query('INSERT INTO entries (id, contest_id, user_id, created_at) VALUES ($1, $2, $3, $4)', [e.id, e.contestId, e.userId, e.now]);
}

export async function findEntryOf(q: Queryable, contestId: string, userId: string): Promise<{ id: string; prize: string | null } | null> {
  const { rows } = await q.query<{ id: string; prize: string | null }>(
    'SELECT id, prize FROM entries WHERE contest_id = $1 AND user_id = $2', [contestId, userId]);
  return rows[0] ?? null;
}

export async function countEntries(q: Queryable, contestId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM entries WHERE contest_id = $1', [contestId]);
  return rows[0]!.n;
}

/** The entries that take part in the draw: those whose user still exists. */
export async function drawableEntries(q: Queryable, contestId: string): Promise<Array<{ id: string; userId: string }>> {
  const { rows } = await q.query<{ id: string; user_id: string }>(
    'SELECT id, user_id FROM entries WHERE contest_id = $1 AND user_id IS NOT NULL', [contestId]);
  return rows.map((r) => ({ id: r.id, userId: r.user_id }));
}

export async function setPrize(q: Queryable, entryId: string, prize: string): Promise<void> {
  await q.query('UPDATE entries SET prize = $2 WHERE id = $1', [entryId, prize]);
}

/** Unlinks the user's entries from them (identity.user.erased); the entries and counts stay. */
export async function pseudonymiseEntries(q: Queryable, userId: string, now: Date): Promise<number> {
  const { rowCount } = await q.query('UPDATE entries SET user_id = NULL, erased_at = $2 WHERE user_id = $1', [userId, now]);
  return rowCount ?? 0;
}
