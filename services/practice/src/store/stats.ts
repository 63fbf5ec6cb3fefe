import type { Queryable } from '@joo/db';

/**
 * Every recorded answer to the question, with the respondent's ability: their share of correct
 * answers to the other questions of the same subject (null when they answered no other).
 */
export async function answersWithAbility(db: Queryable, questionId: string): Promise<Array<{ correct: boolean; ability: number | null }>> {
  const { rows } = await db.query<{ correct: boolean; ability: string | null }>(
    `SELECT a.correct,
       (SELECT avg(b.correct::int) FROM session_answers b
        WHERE b.user_id = a.user_id AND b.subject = a.subject AND b.question_id <> a.question_id) AS ability
     FROM session_answers a WHERE a.question_id = $1`, [questionId]);
  return rows.map((r) => ({ correct: r.correct, ability: r.ability === null ? null : Number(r.ability) }));
}
