import type { Queryable } from '@joo/db';

export async function upsertHolder(db: Queryable, h: { entitlementId: string; userId: string; validFrom: Date; validUntil: Date }): Promise<void> {
  await db.query(
    `INSERT INTO package_holders (entitlement_id, user_id, valid_from, valid_until) VALUES ($1, $2, $3, $4)
     ON CONFLICT (entitlement_id) DO UPDATE SET user_id = EXCLUDED.user_id, valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until`,
    [h.entitlementId, h.userId, h.validFrom, h.validUntil]);
}

/** A revocation before its grant leaves a revoked row the grant fills in. */
export async function revokeHolder(db: Queryable, r: { entitlementId: string; userId: string; at: Date }): Promise<void> {
  await db.query(
    `INSERT INTO package_holders (entitlement_id, user_id, valid_from, valid_until, revoked_at) VALUES ($1, $2, $3, $3, $3)
     ON CONFLICT (entitlement_id) DO UPDATE SET revoked_at = LEAST(COALESCE(package_holders.revoked_at, EXCLUDED.revoked_at), EXCLUDED.revoked_at)`,
    [r.entitlementId, r.userId, r.at]);
}

export async function holdsPackage(db: Queryable, userId: string, at: Date): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM package_holders WHERE user_id = $1 AND revoked_at IS NULL AND valid_from <= $2 AND valid_until > $2 LIMIT 1', [userId, at]);
  return rows.length > 0;
}

/** Each mock keeps its newest score (a re-scoring replaces the finish's). */
export async function keepMockScore(db: Queryable, m: { attemptId: string; userId: string; total: number; finishedAt: Date; scoredAt: Date }): Promise<void> {
  await db.query(
    `INSERT INTO mock_scores (attempt_id, user_id, total, finished_at, scored_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (attempt_id) DO UPDATE SET total = EXCLUDED.total, scored_at = EXCLUDED.scored_at
     WHERE mock_scores.scored_at < EXCLUDED.scored_at`,
    [m.attemptId, m.userId, m.total, m.finishedAt, m.scoredAt]);
}

/** Per entry: the best mock total finished within [from, until) and when that mock finished (the earliest of equal bests). */
export async function bestMocksOfEntries(db: Queryable, contestId: string, from: Date, until: Date): Promise<Array<{ entryId: string; userId: string; best: number | null; bestAt: Date | null }>> {
  const { rows } = await db.query<{ id: string; user_id: string; best: number | null; best_at: Date | null }>(
    `SELECT e.id, e.user_id, b.total AS best, b.finished_at AS best_at FROM entries e
     LEFT JOIN LATERAL (SELECT m.total, m.finished_at FROM mock_scores m
                         WHERE m.user_id = e.user_id::text AND m.finished_at >= $2 AND m.finished_at < $3
                         ORDER BY m.total DESC, m.finished_at LIMIT 1) b ON true
     WHERE e.contest_id = $1 AND e.user_id IS NOT NULL`, [contestId, from, until]);
  return rows.map((r) => ({ entryId: r.id, userId: r.user_id, best: r.best, bestAt: r.best_at }));
}

export async function forgetMocks(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM mock_scores WHERE user_id = $1', [userId]);
}
