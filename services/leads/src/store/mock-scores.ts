import type { Queryable } from '@joo/db';
import type { MockScores } from '../domain/snapshot.js';

/**
 * Keeps the student's latest mock: a later finished attempt replaces it, and the same attempt only
 * by a newer score (a re-scoring). Nothing is kept for an erased student.
 */
export async function keepLatestMock(db: Queryable, userId: string, m: MockScores & { attemptId: string; scoredAt: string }): Promise<void> {
  await db.query(
    `INSERT INTO mock_scores (user_id, attempt_id, total, max, subjects, finished_at, scored_at)
     SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM contacts WHERE user_id::text = $1::text AND erased_at IS NOT NULL)
     ON CONFLICT (user_id) DO UPDATE SET attempt_id = EXCLUDED.attempt_id, total = EXCLUDED.total, max = EXCLUDED.max,
       subjects = EXCLUDED.subjects, finished_at = EXCLUDED.finished_at, scored_at = EXCLUDED.scored_at
     WHERE (EXCLUDED.finished_at, EXCLUDED.scored_at) > (mock_scores.finished_at, mock_scores.scored_at)`,
    [userId, m.attemptId, m.total, m.max, JSON.stringify(m.subjects), m.finishedAt, m.scoredAt]);
}

export async function latestMock(db: Queryable, userId: string): Promise<MockScores | null> {
  const { rows } = await db.query<{ total: number; max: number; subjects: MockScores['subjects']; finished_at: Date }>(
    'SELECT total, max, subjects, finished_at FROM mock_scores WHERE user_id = $1', [userId]);
  const r = rows[0];
  return r ? { total: r.total, max: r.max, subjects: r.subjects, finishedAt: r.finished_at.toISOString() } : null;
}

export async function forgetMock(db: Queryable, userId: string): Promise<void> {
  await db.query('DELETE FROM mock_scores WHERE user_id = $1', [userId]);
}
