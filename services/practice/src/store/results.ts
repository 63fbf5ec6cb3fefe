import type { Queryable } from '@joo/db';

export interface SubjectScore { subject: string; score: number; max: number; minimum: number; passed: boolean }
export interface TopicScore { subject: string; topic: string; correct: number; of: number }

export interface AttemptResult {
  attemptId: string; userId: string; kind: 'mock' | 'practice'; windowId: string | null; language: string; profileSubjects: string[];
  total: number; max: number; subjects: SubjectScore[]; topics: TopicScore[];
  startedAt: Date; finishedAt: Date; scoredAt: Date;
  rescored: boolean; previousTotal: number | null;
}

/**
 * Keeps the newest score of an attempt (by `scoredAt`): a re-scoring that arrives before the
 * finish it corrects is not overwritten by it. Nothing is kept for an erased student.
 */
export async function upsertResult(db: Queryable, r: AttemptResult): Promise<void> {
  await db.query(
    `INSERT INTO attempt_results (attempt_id, user_id, kind, window_id, language, profile_subjects, total, max, subjects, topics,
       started_at, finished_at, scored_at, rescored, previous_total)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15
      WHERE NOT EXISTS (SELECT 1 FROM erased_students WHERE user_id = $2)
     ON CONFLICT (attempt_id) DO UPDATE SET total = EXCLUDED.total, max = EXCLUDED.max, subjects = EXCLUDED.subjects,
       topics = EXCLUDED.topics, finished_at = EXCLUDED.finished_at, scored_at = EXCLUDED.scored_at,
       rescored = attempt_results.rescored OR EXCLUDED.rescored,
       previous_total = COALESCE(EXCLUDED.previous_total, attempt_results.previous_total)
     WHERE attempt_results.scored_at < EXCLUDED.scored_at`,
    [r.attemptId, r.userId, r.kind, r.windowId, r.language, r.profileSubjects, r.total, r.max, JSON.stringify(r.subjects),
      JSON.stringify(r.topics), r.startedAt, r.finishedAt, r.scoredAt, r.rescored, r.previousTotal]);
}

interface Row {
  attempt_id: string; user_id: string; kind: 'mock' | 'practice'; window_id: string | null; language: string; profile_subjects: string[];
  total: number; max: number; subjects: SubjectScore[]; topics: TopicScore[];
  started_at: Date; finished_at: Date; scored_at: Date; rescored: boolean; previous_total: number | null;
}

const result = (r: Row): AttemptResult => ({
  attemptId: r.attempt_id, userId: r.user_id, kind: r.kind, windowId: r.window_id, language: r.language, profileSubjects: r.profile_subjects,
  total: r.total, max: r.max, subjects: r.subjects, topics: r.topics,
  startedAt: r.started_at, finishedAt: r.finished_at, scoredAt: r.scored_at, rescored: r.rescored, previousTotal: r.previous_total,
});

/** The student's scored attempts, newest finished first, after a `[finishedAt, attemptId]` key. */
export async function listResults(
  db: Queryable, userId: string, f: { after?: { finishedAt: Date; attemptId: string }; limit: number },
): Promise<AttemptResult[]> {
  const { rows } = await db.query<Row>(
    `SELECT * FROM attempt_results WHERE user_id = $1
       AND ($2::timestamptz IS NULL OR (finished_at, attempt_id) < ($2, $3::text))
     ORDER BY finished_at DESC, attempt_id DESC LIMIT $4`,
    [userId, f.after?.finishedAt ?? null, f.after?.attemptId ?? null, f.limit]);
  return rows.map(result);
}

/** Every scored mock of the student, oldest first: the input of their progress. */
export async function mockResults(db: Queryable, userId: string): Promise<AttemptResult[]> {
  const { rows } = await db.query<Row>(
    "SELECT * FROM attempt_results WHERE user_id = $1 AND kind = 'mock' ORDER BY finished_at, attempt_id", [userId]);
  return rows.map(result);
}
