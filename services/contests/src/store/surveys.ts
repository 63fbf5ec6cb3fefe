import type { Queryable } from '@joo/db';
import type { AnswerValue, Localized, Question } from '../domain/questions.js';
import type { ProfileField } from '../domain/profile-fields.js';

export interface Targeting { regions?: string[]; locales?: string[]; requiredProfileFields: ProfileField[] }
export interface Survey {
  id: string;
  title: Localized;
  description: Localized | null;
  targeting: Targeting;
  questions: Question[];
  opensAt: Date;
  closesAt: Date;
  createdAt: Date;
}

interface Row {
  id: string; title: Localized; description: Localized | null; targeting: Targeting; questions: Question[];
  opens_at: Date; closes_at: Date; created_at: Date;
}
const fromRow = (r: Row): Survey => ({
  id: r.id, title: r.title, description: r.description, targeting: r.targeting, questions: r.questions,
  opensAt: r.opens_at, closesAt: r.closes_at, createdAt: r.created_at,
});

export async function insertSurvey(q: Queryable, s: Survey & { createdBy: string }): Promise<void> {
  await q.query(
    `INSERT INTO surveys (id, title, description, targeting, questions, opens_at, closes_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [s.id, s.title, s.description, s.targeting, JSON.stringify(s.questions), s.opensAt, s.closesAt, s.createdBy, s.createdAt]);
}

export async function findSurvey(q: Queryable, id: string): Promise<Survey | null> {
  const { rows } = await q.query<Row>('SELECT * FROM surveys WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Surveys open at `now`, soonest closing first; targeting is checked by the caller. */
export async function openSurveys(q: Queryable, now: Date, limit = 500): Promise<Survey[]> {
  const { rows } = await q.query<Row>(
    'SELECT * FROM surveys WHERE opens_at <= $1 AND closes_at > $1 ORDER BY closes_at, id LIMIT $2', [now, limit]);
  return rows.map(fromRow);
}

export async function listSurveys(q: Queryable, limit: number, after?: [string, string]): Promise<Survey[]> {
  const { rows } = await q.query<Row>(
    `SELECT * FROM surveys WHERE ($1::timestamptz IS NULL OR (created_at, id) < ($1, $2::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $3`, [after?.[0] ?? null, after?.[1] ?? null, limit]);
  return rows.map(fromRow);
}

export async function insertResponse(q: Queryable, r: { id: string; surveyId: string; userId: string; answers: Record<string, AnswerValue>; now: Date }): Promise<void> {
  await q.query('INSERT INTO survey_responses (id, survey_id, user_id, answers, created_at) VALUES ($1, $2, $3, $4, $5)',
    [r.id, r.surveyId, r.userId, JSON.stringify(r.answers), r.now]);
}

export async function answeredSurveyIds(q: Queryable, userId: string, surveyIds: string[]): Promise<Set<string>> {
  if (surveyIds.length === 0) return new Set();
  const { rows } = await q.query<{ survey_id: string }>(
    'SELECT survey_id FROM survey_responses WHERE user_id = $1 AND survey_id = ANY($2::uuid[])', [userId, surveyIds]);
  return new Set(rows.map((r) => r.survey_id));
}

/** Every answer sheet of a survey, newest first, without who gave it. */
export async function answerSheets(q: Queryable, surveyId: string): Promise<Array<Record<string, AnswerValue>>> {
  const { rows } = await q.query<{ answers: Record<string, AnswerValue> }>(
    'SELECT answers FROM survey_responses WHERE survey_id = $1 ORDER BY created_at DESC, id DESC', [surveyId]);
  return rows.map((r) => r.answers);
}

/**
 * Unlinks the user's responses (identity.user.erased). Choices and scale values stay in the
 * aggregates; free-text answers go, since people write about themselves in them.
 */
export async function pseudonymiseResponses(q: Queryable, userId: string, now: Date): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE survey_responses r SET user_id = NULL, erased_at = $2,
       answers = r.answers - ARRAY(SELECT question->>'id' FROM surveys s, jsonb_array_elements(s.questions) AS question
                                    WHERE s.id = r.survey_id AND question->>'type' = 'text')
     WHERE user_id = $1`, [userId, now]);
  return rowCount ?? 0;
}
