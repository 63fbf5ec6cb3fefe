import { randomUUID } from 'node:crypto';
import { withTransaction } from '@joo/db';
import { decodeTimeIdCursor, problems, ProblemError, timeIdPage, type FieldError } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import type { QuestionKind } from '../domain/format.js';
import { findContexts } from '../store/contexts.js';
import { addVersion, findQuestion, insertQuestion, listQuestions, type QuestionRecord } from '../store/questions.js';
import type { NewQuestion } from '../domain/question.js';
import { contentProblems, questionFields, schemaProblems } from './question-input.js';

export interface QuestionView {
  id: string; version: number; subject: string; topic: string; language: 'kk' | 'ru'; kind: QuestionKind; stem: string;
  options: QuestionRecord['options']; answer: QuestionRecord['answer']; explanation: string; difficulty: number | null;
  contextId: string | null; free: boolean; demo: boolean; createdAt: string; updatedAt: string;
}

export const questionView = (q: QuestionRecord): QuestionView => ({
  id: q.id, version: q.version, subject: q.subject, topic: q.topic, language: q.language, kind: q.kind, stem: q.stem,
  options: q.options, answer: q.answer, explanation: q.explanation, difficulty: q.difficulty, contextId: q.contextId,
  free: q.free, demo: q.demo, createdAt: q.createdAt.toISOString(), updatedAt: q.updatedAt.toISOString(),
});

const contextIdsOf = (qs: NewQuestion[]) => [...new Set(qs.flatMap((q) => (q.contextId ? [q.contextId] : [])))];

async function assertContent(ctx: PracticeContext, q: NewQuestion): Promise<void> {
  const errors = contentProblems(q, await findContexts(ctx.pool, contextIdsOf([q])));
  if (errors.length > 0) throw problems.badRequest('The question does not fit its kind', errors);
}

export async function createQuestion(ctx: PracticeContext, authorId: string, q: NewQuestion): Promise<{ id: string; version: number }> {
  await assertContent(ctx, q);
  const id = randomUUID();
  await insertQuestion(ctx.pool, { id, fields: questionFields(q), by: authorId, now: ctx.clock() });
  return { id, version: 1 };
}

/** An edit is a new version; sessions keep the version they were given. */
export async function editQuestion(ctx: PracticeContext, authorId: string, id: string, q: NewQuestion): Promise<{ id: string; version: number }> {
  await assertContent(ctx, q);
  const version = await withTransaction(ctx.pool, (tx) => addVersion(tx, id, questionFields(q), authorId, ctx.clock()));
  if (version === null) throw problems.notFound('No such question');
  return { id, version };
}

export interface RowError extends FieldError { index: number }

/** All rows or none: every bad row is reported with its index and field, and nothing is stored. */
export async function importQuestions(ctx: PracticeContext, authorId: string, rows: unknown[]): Promise<{ items: Array<{ id: string; version: number }> }> {
  const errors: RowError[] = rows.flatMap((row, index) => schemaProblems(row, `/${index}`).map((e) => ({ ...e, index })));
  const valid = rows.map((row, index) => ({ row: row as NewQuestion, index })).filter(({ index }) => !errors.some((e) => e.index === index));
  const contexts = await findContexts(ctx.pool, contextIdsOf(valid.map((v) => v.row)));
  for (const { row, index } of valid) errors.push(...contentProblems(row, contexts, `/${index}`).map((e) => ({ ...e, index })));
  if (errors.length > 0) {
    errors.sort((a, b) => a.index - b.index);
    throw new ProblemError(422, 'invalid-rows', 'Unprocessable request', `${new Set(errors.map((e) => e.index)).size} of ${rows.length} rows are not valid; nothing was imported`, {
      errors: errors.map(({ field, message }) => ({ field, message })), rows: errors,
    });
  }
  const now = ctx.clock();
  const items = rows.map(() => ({ id: randomUUID(), version: 1 }));
  await withTransaction(ctx.pool, async (tx) => {
    for (const [i, row] of (rows as NewQuestion[]).entries()) await insertQuestion(tx, { id: items[i]!.id, fields: questionFields(row), by: authorId, now });
  });
  return { items };
}

export async function getQuestion(ctx: PracticeContext, id: string): Promise<QuestionView> {
  const q = await findQuestion(ctx.pool, id);
  if (!q) throw problems.notFound('No such question');
  return questionView(q);
}

export async function listBank(
  ctx: PracticeContext, f: { subject?: string; topic?: string; language?: string; cursor?: string; limit: number },
): Promise<{ items: QuestionView[]; nextCursor: string | null }> {
  const key = decodeTimeIdCursor(f.cursor);
  const rows = await listQuestions(ctx.pool, {
    ...(f.subject ? { subject: f.subject } : {}), ...(f.topic ? { topic: f.topic } : {}), ...(f.language ? { language: f.language } : {}),
    ...(key ? { after: { createdAt: new Date(key.at), id: key.id } } : {}), limit: f.limit + 1,
  });
  return timeIdPage(rows, f.limit, (q) => [q.createdAt, q.id], questionView);
}
