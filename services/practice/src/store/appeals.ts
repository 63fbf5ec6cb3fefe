import type { Queryable } from '@joo/db';
import type { Answer } from '../domain/answers.js';

export interface Appeal {
  id: string; attemptId: string; userId: string; questionId: string; version: number; reason: string;
  status: 'pending' | 'accepted' | 'rejected'; createdAt: Date; decidedBy: string | null; decidedAt: Date | null;
  decision: Record<string, unknown> | null;
}

type Row = {
  id: string; attempt_id: string; user_id: string; question_id: string; version: number; reason: string;
  status: Appeal['status']; created_at: Date; decided_by: string | null; decided_at: Date | null; decision: Record<string, unknown> | null;
};
const toAppeal = (r: Row): Appeal => ({
  id: r.id, attemptId: r.attempt_id, userId: r.user_id, questionId: r.question_id, version: r.version, reason: r.reason,
  status: r.status, createdAt: r.created_at, decidedBy: r.decided_by, decidedAt: r.decided_at, decision: r.decision,
});

/** Stores an appeal; false when the attempt has one on this question already. */
export async function insertAppeal(db: Queryable, a: { id: string; attemptId: string; userId: string; questionId: string; version: number; reason: string; now: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO mock_appeals (id, attempt_id, user_id, question_id, version, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ON CONSTRAINT mock_appeals_one_per_question DO NOTHING`,
    [a.id, a.attemptId, a.userId, a.questionId, a.version, a.reason, a.now]);
  return rowCount === 1;
}

/** Pending appeals first, oldest first within each. */
export async function listAppeals(db: Queryable, limit: number): Promise<Appeal[]> {
  const { rows } = await db.query<Row>('SELECT * FROM mock_appeals ORDER BY (status <> \'pending\'), created_at, id LIMIT $1', [limit]);
  return rows.map(toAppeal);
}

export async function findAppealForUpdate(db: Queryable, id: string): Promise<Appeal | null> {
  const { rows } = await db.query<Row>('SELECT * FROM mock_appeals WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? toAppeal(rows[0]) : null;
}

export async function decideAppeal(db: Queryable, id: string, d: { status: 'accepted' | 'rejected'; by: string; at: Date; decision: Record<string, unknown> }): Promise<void> {
  await db.query('UPDATE mock_appeals SET status = $2, decided_by = $3, decided_at = $4, decision = $5 WHERE id = $1',
    [id, d.status, d.by, d.at, JSON.stringify(d.decision)]);
}

/** The key of a question version, locked while it is corrected. */
export async function versionKeyForUpdate(db: Queryable, questionId: string, version: number) {
  const { rows } = await db.query<{ kind: string; options: unknown; answer: Answer; annulled: boolean }>(
    'SELECT kind, options, answer, annulled FROM question_versions WHERE question_id = $1 AND version = $2 FOR UPDATE', [questionId, version]);
  return rows[0] ?? null;
}

export async function correctVersionKey(db: Queryable, questionId: string, version: number, fix: { answer: Answer } | { annul: true }): Promise<void> {
  if ('annul' in fix) await db.query('UPDATE question_versions SET annulled = true WHERE question_id = $1 AND version = $2', [questionId, version]);
  else await db.query('UPDATE question_versions SET answer = $3 WHERE question_id = $1 AND version = $2', [questionId, version, JSON.stringify(fix.answer)]);
}

/** Queues every attempt that had the version for re-scoring; the ticker re-scores the finished ones. Returns how many. */
export async function queueRescores(db: Queryable, questionId: string, version: number, appealId: string, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO mock_rescores (attempt_id, appeal_id, decided_at)
     SELECT attempt_id, $3, $4 FROM mock_attempt_questions WHERE question_id = $1 AND version = $2 ON CONFLICT DO NOTHING`,
    [questionId, version, appealId, at]);
  return rowCount ?? 0;
}

/** Claims queued re-scores of finished attempts (SKIP LOCKED on both rows: replicas take different ones). */
export async function claimRescores(db: Queryable, limit: number): Promise<{ attemptId: string; appealId: string; decidedAt: Date }[]> {
  const { rows } = await db.query<{ attempt_id: string; appeal_id: string; decided_at: Date }>(
    `SELECT r.attempt_id, r.appeal_id, r.decided_at FROM mock_rescores r JOIN mock_attempts a ON a.id = r.attempt_id
     WHERE a.finished_at IS NOT NULL ORDER BY r.decided_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [limit]);
  return rows.map((r) => ({ attemptId: r.attempt_id, appealId: r.appeal_id, decidedAt: r.decided_at }));
}

export async function dropRescore(db: Queryable, attemptId: string, appealId: string): Promise<void> {
  await db.query('DELETE FROM mock_rescores WHERE attempt_id = $1 AND appeal_id = $2', [attemptId, appealId]);
}
