import type { Queryable } from '@joo/db';

/**
 * Removes what practice holds of an erased student (ADR 0020): scored attempts, practice sessions
 * and their answers, feedback, curator assignments. Each question keeps how many answers it had
 * and how many were right (erased_answer_counts); what ranked the student is gone. The id is
 * remembered so a late attempt event does not bring them back.
 */
export async function eraseStudent(db: Queryable, userId: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO erased_answer_counts (question_id, attempts, correct)
     SELECT question_id, count(*), count(*) FILTER (WHERE correct) FROM session_answers WHERE user_id = $1 GROUP BY question_id
     ON CONFLICT (question_id) DO UPDATE SET attempts = erased_answer_counts.attempts + EXCLUDED.attempts,
       correct = erased_answer_counts.correct + EXCLUDED.correct`, [userId]);
  await db.query('DELETE FROM session_answers WHERE user_id = $1', [userId]);
  await db.query('DELETE FROM session_questions WHERE session_id IN (SELECT id FROM practice_sessions WHERE user_id = $1)', [userId]);
  await db.query('DELETE FROM practice_sessions WHERE user_id = $1', [userId]);
  await db.query('DELETE FROM attempt_results WHERE user_id = $1', [userId]);
  await db.query('DELETE FROM feedback WHERE student_id = $1', [userId]);
  await db.query('DELETE FROM curator_students WHERE student_id = $1 OR curator_id = $1', [userId]);
  await db.query('INSERT INTO erased_students (user_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, at]);
}

/** Answers of erased students to the question: counted, no longer ranked. */
export async function erasedCounts(db: Queryable, questionId: string): Promise<{ attempts: number; correct: number }> {
  const { rows } = await db.query<{ attempts: number; correct: number }>(
    'SELECT attempts, correct FROM erased_answer_counts WHERE question_id = $1', [questionId]);
  return rows[0] ?? { attempts: 0, correct: 0 };
}
