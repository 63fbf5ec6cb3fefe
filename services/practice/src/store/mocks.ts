import type { Queryable } from '@joo/db';
import type { Answer, QuestionOption } from '../domain/answers.js';
import type { QuestionKind } from '../domain/format.js';
import type { PaperSlot } from '../domain/mock-paper.js';
import type { MockResult, ScoredTask } from '../domain/mock-scoring.js';

export interface PaperQuestion {
  id: string; version: number; section: string; subject: string; topic: string; kind: QuestionKind; stem: string;
  options: QuestionOption[]; context: { id: string; title: string; text: string } | null;
}

type QuestionRow = {
  slot: number; id: string; version: number; topic: string; kind: QuestionKind; stem: string; options: QuestionOption[];
  context_id: string | null; context_title: string | null; context_body: string | null;
};

/**
 * Draws each slot's tasks at random from the bank at the questions' latest versions, in one round
 * trip; a slot the bank cannot fill comes back short (the caller refuses the paper).
 */
export async function drawPaper(db: Queryable, language: string, slots: PaperSlot[]): Promise<PaperQuestion[]> {
  const { rows } = await db.query<QuestionRow>(
    `SELECT s.slot::int AS slot, x.* FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS s(subject, kind, n, slot)
     CROSS JOIN LATERAL (
       SELECT q.id, v.version, q.topic, v.kind, v.stem, v.options, c.id AS context_id, c.title AS context_title, c.body AS context_body
       FROM questions q
       JOIN question_versions v ON v.question_id = q.id AND v.version = q.latest_version
       LEFT JOIN contexts c ON c.id = v.context_id
       WHERE q.subject = s.subject AND q.language = $4 AND v.kind = s.kind
       ORDER BY random() LIMIT s.n) AS x
     ORDER BY s.slot`,
    [slots.map((s) => s.subject), slots.map((s) => s.kind), slots.map((s) => s.count), language]);
  return rows.map((r) => {
    const slot = slots[r.slot - 1]!;
    return {
      id: r.id, version: r.version, section: slot.section, subject: slot.subject, topic: r.topic, kind: r.kind, stem: r.stem, options: r.options,
      context: r.context_id ? { id: r.context_id, title: r.context_title!, text: r.context_body! } : null,
    };
  });
}

export interface NewAttempt {
  id: string; userId: string; windowId: string; formatId: string; formatVersion: number; language: string;
  profileSubjects: string[]; startedAt: Date; deadline: Date; questions: PaperQuestion[];
}

/** Stores the attempt and its questions; false when the student has one in this window already. */
export async function insertAttempt(db: Queryable, a: NewAttempt): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO mock_attempts (id, user_id, window_id, format_id, format_version, language, profile_subjects, started_at, deadline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT ON CONSTRAINT mock_attempts_one_per_window DO NOTHING`,
    [a.id, a.userId, a.windowId, a.formatId, a.formatVersion, a.language, a.profileSubjects, a.startedAt, a.deadline]);
  if (rowCount !== 1) return false;
  const q = a.questions;
  await db.query(
    `INSERT INTO mock_attempt_questions (attempt_id, question_id, version, position, section, subject, topic)
     SELECT $1, q.id, q.version, q.position, q.section, q.subject, q.topic
     FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS q(id, version, section, subject, topic, position)`,
    [a.id, q.map((x) => x.id), q.map((x) => x.version), q.map((x) => x.section), q.map((x) => x.subject), q.map((x) => x.topic)]);
  return true;
}

export interface AttemptRow {
  id: string; userId: string; windowId: string; formatId: string; formatVersion: number; language: 'kk' | 'ru';
  profileSubjects: string[]; startedAt: Date; deadline: Date; finishedAt: Date | null; finishedBy: 'student' | 'deadline' | null;
  result: MockResult | null; scoredAt: Date | null;
}

const ATTEMPT_COLUMNS = `id, user_id, window_id, format_id, format_version, language, profile_subjects, started_at, deadline,
  finished_at, finished_by, result, scored_at`;

type RawAttempt = {
  id: string; user_id: string; window_id: string; format_id: string; format_version: number; language: 'kk' | 'ru';
  profile_subjects: string[]; started_at: Date; deadline: Date; finished_at: Date | null; finished_by: 'student' | 'deadline' | null;
  result: MockResult | null; scored_at: Date | null;
};
const toAttempt = (r: RawAttempt): AttemptRow => ({
  id: r.id, userId: r.user_id, windowId: r.window_id, formatId: r.format_id, formatVersion: r.format_version, language: r.language,
  profileSubjects: r.profile_subjects, startedAt: r.started_at, deadline: r.deadline, finishedAt: r.finished_at, finishedBy: r.finished_by,
  result: r.result, scoredAt: r.scored_at,
});

/** The attempt when it is the user's (any user's when userId is null); `lock` takes it FOR UPDATE. */
export async function findAttempt(db: Queryable, id: string, userId: string | null, lock = false): Promise<AttemptRow | null> {
  const { rows } = await db.query<RawAttempt>(
    `SELECT ${ATTEMPT_COLUMNS} FROM mock_attempts WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)${lock ? ' FOR UPDATE' : ''}`, [id, userId]);
  return rows[0] ? toAttempt(rows[0]) : null;
}

/** The attempt's questions in order, with their version's key, explanation and whether it is annulled. */
export async function attemptQuestions(db: Queryable, attemptId: string) {
  const { rows } = await db.query<{
    question_id: string; version: number; section: string; subject: string; topic: string; kind: QuestionKind; stem: string;
    options: QuestionOption[]; answer: Answer; explanation: string; annulled: boolean;
    context_id: string | null; context_title: string | null; context_body: string | null;
  }>(
    `SELECT aq.question_id, aq.version, aq.section, aq.subject, aq.topic, v.kind, v.stem, v.options, v.answer, v.explanation, v.annulled,
       c.id AS context_id, c.title AS context_title, c.body AS context_body
     FROM mock_attempt_questions aq
     JOIN question_versions v ON v.question_id = aq.question_id AND v.version = aq.version
     LEFT JOIN contexts c ON c.id = v.context_id
     WHERE aq.attempt_id = $1 ORDER BY aq.position`, [attemptId]);
  return rows.map((r) => ({
    questionId: r.question_id, version: r.version, section: r.section, subject: r.subject, topic: r.topic, kind: r.kind, stem: r.stem,
    options: r.options, key: r.answer, explanation: r.explanation, annulled: r.annulled,
    context: r.context_id ? { id: r.context_id, title: r.context_title!, text: r.context_body! } : null,
  } satisfies ScoredTask & Record<string, unknown>));
}

export async function attemptAnswers(db: Queryable, attemptId: string): Promise<Map<string, Answer>> {
  const { rows } = await db.query<{ question_id: string; answer: Answer }>('SELECT question_id, answer FROM mock_answers WHERE attempt_id = $1', [attemptId]);
  return new Map(rows.map((r) => [r.question_id, r.answer]));
}

export interface AnswerTarget { kind: QuestionKind; options: QuestionOption[]; open: boolean }

/** The kind and options of a question of the user's attempt, and whether the attempt still takes answers; null when there is none. */
export async function answerTarget(db: Queryable, attemptId: string, userId: string, questionId: string, now: Date): Promise<AnswerTarget | null> {
  const { rows } = await db.query<{ kind: QuestionKind; options: QuestionOption[]; open: boolean }>(
    `SELECT v.kind, v.options, (a.finished_at IS NULL AND a.deadline > $4) AS open
     FROM mock_attempts a
     JOIN mock_attempt_questions aq ON aq.attempt_id = a.id AND aq.question_id = $3
     JOIN question_versions v ON v.question_id = aq.question_id AND v.version = aq.version
     WHERE a.id = $1 AND a.user_id = $2`, [attemptId, userId, questionId, now]);
  return rows[0] ?? null;
}

/**
 * Saves (or overwrites) an answer while the attempt is open. The attempt row is read FOR KEY SHARE:
 * a finish holds it FOR UPDATE, so a save either lands before the finish reads the answers or sees
 * the attempt finished and writes nothing (false) — never a 204 for an answer the score missed.
 */
export async function saveAnswer(db: Queryable, a: { attemptId: string; userId: string; questionId: string; answer: Answer; now: Date }): Promise<boolean> {
  const { rowCount } = await db.query(
    `WITH open AS (
       SELECT id FROM mock_attempts WHERE id = $1 AND user_id = $2 AND finished_at IS NULL AND deadline > $5 FOR KEY SHARE)
     INSERT INTO mock_answers (attempt_id, question_id, answer, saved_at)
     SELECT open.id, $3, $4, $5 FROM open
     ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = EXCLUDED.answer, saved_at = EXCLUDED.saved_at`,
    [a.attemptId, a.userId, a.questionId, JSON.stringify(a.answer), a.now]);
  return rowCount === 1;
}

export async function recordResult(
  db: Queryable, id: string, r: { result: MockResult; scoredAt: Date; finishedAt?: Date; finishedBy?: 'student' | 'deadline' },
): Promise<void> {
  await db.query(
    `UPDATE mock_attempts SET result = $2, scored_at = $3, finished_at = COALESCE(finished_at, $4), finished_by = COALESCE(finished_by, $5) WHERE id = $1`,
    [id, JSON.stringify(r.result), r.scoredAt, r.finishedAt ?? null, r.finishedBy ?? null]);
}

/** Claims attempts past their deadline, not finished (SKIP LOCKED: replicas take different ones). */
export async function claimOverdueAttempts(db: Queryable, now: Date, limit: number): Promise<AttemptRow[]> {
  const { rows } = await db.query<RawAttempt>(
    `SELECT ${ATTEMPT_COLUMNS} FROM mock_attempts WHERE finished_at IS NULL AND deadline <= $1
     ORDER BY deadline LIMIT $2 FOR UPDATE SKIP LOCKED`, [now, limit]);
  return rows.map(toAttempt);
}
