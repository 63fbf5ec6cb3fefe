import type { Queryable } from '@joo/db';
import type { Answer, QuestionOption } from '../domain/answers.js';
import type { QuestionKind } from '../domain/format.js';

export interface PickedQuestion {
  id: string; version: number; topic: string; kind: QuestionKind; stem: string; options: QuestionOption[];
  context: { id: string; title: string; text: string } | null;
}

/**
 * Up to `count` questions of the bank at their latest version, in random order; only free ones
 * unless `entitled`.
 */
export async function pickQuestions(
  db: Queryable, f: { subject: string; topic?: string; language: string; entitled: boolean; count: number },
): Promise<PickedQuestion[]> {
  const { rows } = await db.query<{
    id: string; version: number; topic: string; kind: QuestionKind; stem: string; options: QuestionOption[];
    context_id: string | null; context_title: string | null; context_body: string | null;
  }>(
    `SELECT q.id, v.version, q.topic, v.kind, v.stem, v.options, c.id AS context_id, c.title AS context_title, c.body AS context_body
     FROM questions q
     JOIN question_versions v ON v.question_id = q.id AND v.version = q.latest_version
     LEFT JOIN contexts c ON c.id = v.context_id
     WHERE q.subject = $1 AND q.language = $2 AND ($3::text IS NULL OR q.topic = $3) AND ($4 OR q.free)
     ORDER BY random() LIMIT $5`,
    [f.subject, f.language, f.topic ?? null, f.entitled, f.count]);
  return rows.map((r) => ({
    id: r.id, version: r.version, topic: r.topic, kind: r.kind, stem: r.stem, options: r.options,
    context: r.context_id ? { id: r.context_id, title: r.context_title!, text: r.context_body! } : null,
  }));
}

export async function insertSession(
  db: Queryable, s: { id: string; userId: string; subject: string; topic: string | null; language: string; now: Date; questions: PickedQuestion[] },
): Promise<void> {
  await db.query('INSERT INTO practice_sessions (id, user_id, subject, topic, language, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [s.id, s.userId, s.subject, s.topic, s.language, s.now]);
  await db.query(
    `INSERT INTO session_questions (session_id, question_id, version, position)
     SELECT $1, q.id, q.version, q.position FROM unnest($2::uuid[], $3::int[]) WITH ORDINALITY AS q(id, version, position)`,
    [s.id, s.questions.map((q) => q.id), s.questions.map((q) => q.version)]);
}

export interface GivenQuestion {
  subject: string; version: number; kind: QuestionKind; options: QuestionOption[]; key: Answer; explanation: string; answered: boolean;
}

/** The version of the question the session gave, with its key; null unless the session is the user's and holds the question. */
export async function findGivenQuestion(db: Queryable, sessionId: string, userId: string, questionId: string): Promise<GivenQuestion | null> {
  const { rows } = await db.query<{
    subject: string; version: number; kind: QuestionKind; options: QuestionOption[]; answer: Answer; explanation: string; answered: boolean;
  }>(
    `SELECT s.subject, v.version, v.kind, v.options, v.answer, v.explanation,
       EXISTS (SELECT 1 FROM session_answers a WHERE a.session_id = s.id AND a.question_id = sq.question_id) AS answered
     FROM practice_sessions s
     JOIN session_questions sq ON sq.session_id = s.id AND sq.question_id = $3
     JOIN question_versions v ON v.question_id = sq.question_id AND v.version = sq.version
     WHERE s.id = $1 AND s.user_id = $2`, [sessionId, userId, questionId]);
  const r = rows[0];
  return r ? { subject: r.subject, version: r.version, kind: r.kind, options: r.options, key: r.answer, explanation: r.explanation, answered: r.answered } : null;
}

export async function sessionExists(db: Queryable, sessionId: string, userId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM practice_sessions WHERE id = $1 AND user_id = $2', [sessionId, userId]);
  return rows.length > 0;
}

/** The first answer to a question in a session counts; false when one was recorded already. */
export async function insertAnswer(db: Queryable, a: {
  sessionId: string; questionId: string; version: number; userId: string; subject: string; answer: Answer;
  correct: boolean; points: number; maxPoints: number; now: Date;
}): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO session_answers (session_id, question_id, version, user_id, subject, answer, correct, points, max_points, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (session_id, question_id) DO NOTHING`,
    [a.sessionId, a.questionId, a.version, a.userId, a.subject, JSON.stringify(a.answer), a.correct, a.points, a.maxPoints, a.now]);
  return rowCount === 1;
}
