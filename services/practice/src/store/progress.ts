import type { Queryable } from '@joo/db';
import type { TopicTally } from '../domain/progress.js';

/**
 * The student's practice answers per subject, topic and UTC hour: an hour never spans two Almaty
 * days (UTC+5), so the week is computed from it without reading every answer.
 */
export async function practiceTallies(db: Queryable, userId: string): Promise<TopicTally[]> {
  const { rows } = await db.query<{ subject: string; topic: string; hour: Date; correct: string; of: string }>(
    `SELECT a.subject, q.topic, date_trunc('hour', a.answered_at) AS hour, count(*) FILTER (WHERE a.correct) AS correct, count(*) AS of
       FROM session_answers a JOIN questions q ON q.id = a.question_id
      WHERE a.user_id = $1
      GROUP BY a.subject, q.topic, date_trunc('hour', a.answered_at)`, [userId]);
  return rows.map((r) => ({ subject: r.subject, topic: r.topic, at: r.hour, correct: Number(r.correct), of: Number(r.of) }));
}

/** When the student last did something: a practice answer, a session started or a scored attempt. */
export async function lastActivity(db: Queryable, userId: string): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT GREATEST(
       (SELECT max(answered_at) FROM session_answers WHERE user_id = $1),
       (SELECT max(created_at) FROM practice_sessions WHERE user_id = $1),
       (SELECT max(finished_at) FROM attempt_results WHERE user_id = $1)) AS at`, [userId]);
  return rows[0]?.at ?? null;
}
