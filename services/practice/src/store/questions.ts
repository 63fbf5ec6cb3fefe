import type { Queryable } from '@joo/db';
import type { Answer, QuestionOption } from '../domain/answers.js';
import type { QuestionKind } from '../domain/format.js';

export interface QuestionContent {
  kind: QuestionKind;
  stem: string;
  options: QuestionOption[];
  answer: Answer;
  explanation: string;
  difficulty: number | null;
  contextId: string | null;
}

export interface QuestionFields extends QuestionContent {
  subject: string;
  topic: string;
  language: 'kk' | 'ru';
  free: boolean;
}

export interface QuestionRecord extends QuestionFields {
  id: string;
  version: number;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string; version: number; subject: string; topic: string; language: 'kk' | 'ru'; free: boolean; demo_key: string | null;
  kind: QuestionKind; stem: string; options: QuestionOption[]; answer: Answer; explanation: string; difficulty: number | null;
  context_id: string | null; created_at: Date; updated_at: Date;
}

const SELECT = `SELECT q.id, q.latest_version AS version, q.subject, q.topic, q.language, q.free, q.demo_key,
  v.kind, v.stem, v.options, v.answer, v.explanation, v.difficulty, v.context_id, q.created_at, q.updated_at
  FROM questions q JOIN question_versions v ON v.question_id = q.id AND v.version = q.latest_version`;

const record = (r: Row): QuestionRecord => ({
  id: r.id, version: r.version, subject: r.subject, topic: r.topic, language: r.language, free: r.free, demo: r.demo_key !== null,
  kind: r.kind, stem: r.stem, options: r.options, answer: r.answer, explanation: r.explanation, difficulty: r.difficulty,
  contextId: r.context_id, createdAt: r.created_at, updatedAt: r.updated_at,
});

async function insertVersion(db: Queryable, id: string, version: number, q: QuestionContent, by: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO question_versions (question_id, version, kind, stem, options, answer, explanation, difficulty, context_id, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [id, version, q.kind, q.stem, JSON.stringify(q.options), JSON.stringify(q.answer), q.explanation, q.difficulty, q.contextId, by, now]);
}

/** A new question at version 1; a demo question carries its stable key and is skipped when it exists. */
export async function insertQuestion(db: Queryable, q: { id: string; fields: QuestionFields; by: string; now: Date; demoKey?: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO questions (id, subject, topic, language, free, demo_key, latest_version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) ON CONFLICT (demo_key) DO NOTHING`,
    [q.id, q.fields.subject, q.fields.topic, q.fields.language, q.fields.free, q.demoKey ?? null, q.now]);
  if (rowCount === 0) return false;
  await insertVersion(db, q.id, 1, q.fields, q.by, q.now);
  return true;
}

/** The question's next version; its bank fields follow the edit. Null when there is no such question. */
export async function addVersion(db: Queryable, id: string, fields: QuestionFields, by: string, now: Date): Promise<number | null> {
  const { rows } = await db.query<{ latest_version: number }>(
    `UPDATE questions SET latest_version = latest_version + 1, subject = $2, topic = $3, language = $4, free = $5, updated_at = $6
     WHERE id = $1 RETURNING latest_version`,
    [id, fields.subject, fields.topic, fields.language, fields.free, now]);
  const version = rows[0]?.latest_version;
  if (version === undefined) return null;
  await insertVersion(db, id, version, fields, by, now);
  return version;
}

export async function findQuestion(db: Queryable, id: string): Promise<QuestionRecord | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE q.id = $1`, [id]);
  return rows[0] ? record(rows[0]) : null;
}

export interface QuestionFilter { subject?: string; topic?: string; language?: string; after?: { createdAt: Date; id: string }; limit: number }

/** The bank's questions at their latest version, oldest first, filtered and after a cursor. */
export async function listQuestions(db: Queryable, f: QuestionFilter): Promise<QuestionRecord[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR q.subject = $1) AND ($2::text IS NULL OR q.topic = $2) AND ($3::text IS NULL OR q.language = $3)
       AND ($4::timestamptz IS NULL OR (q.created_at, q.id) > ($4, $5::uuid))
     ORDER BY q.created_at, q.id LIMIT $6`,
    [f.subject ?? null, f.topic ?? null, f.language ?? null, f.after?.createdAt ?? null, f.after?.id ?? null, f.limit]);
  return rows.map(record);
}
