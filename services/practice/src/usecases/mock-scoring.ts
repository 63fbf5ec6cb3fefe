import { AttemptFinished, AttemptRescored } from '@joo/contracts';
import type { Transaction } from '@joo/db';
import { emit, type PracticeContext } from '../context.js';
import type { FormatDocument } from '../domain/format.js';
import { scoreMock, type MockResult } from '../domain/mock-scoring.js';
import { attemptAnswers, attemptQuestions, recordResult, type AttemptRow } from '../store/mocks.js';

/** The format an attempt was sat in (kept by id and version, so a new format changes no old score). */
export function formatOf(ctx: PracticeContext, a: Pick<AttemptRow, 'formatId' | 'formatVersion'>): FormatDocument {
  const format = ctx.formats.find((f) => f.id === a.formatId && f.version === a.formatVersion);
  if (!format) throw new Error(`format ${a.formatId} v${a.formatVersion} of an attempt is no longer in data/formats`);
  return format;
}

async function scoreNow(ctx: PracticeContext, tx: Transaction, a: AttemptRow): Promise<MockResult> {
  const tasks = await attemptQuestions(tx, a.id);
  const answers = await attemptAnswers(tx, a.id);
  return scoreMock(formatOf(ctx, a), a.profileSubjects, tasks, answers);
}

const scored = (a: AttemptRow, result: MockResult, finishedAt: Date, scoredAt: Date) => ({
  attemptId: a.id, userId: a.userId, kind: 'mock' as const, windowId: a.windowId, language: a.language, profileSubjects: a.profileSubjects,
  ...result, startedAt: a.startedAt.toISOString(), finishedAt: finishedAt.toISOString(), scoredAt: scoredAt.toISOString(),
});

/**
 * Finishes an unfinished attempt held FOR UPDATE in `tx`: scores it, stores the result and writes
 * practice.attempt.finished.v1 in the same transaction. Past the deadline it is the deadline's
 * finish, dated at the deadline (no answer after it was taken).
 */
export async function finishLocked(ctx: PracticeContext, tx: Transaction, a: AttemptRow, now: Date): Promise<MockResult> {
  const finishedBy = now >= a.deadline ? 'deadline' : 'student';
  const finishedAt = finishedBy === 'deadline' ? a.deadline : now;
  const result = await scoreNow(ctx, tx, a);
  await recordResult(tx, a.id, { result, scoredAt: now, finishedAt, finishedBy });
  await emit(tx, AttemptFinished, a.id, { ...scored(a, result, finishedAt, now), finishedBy }, now);
  return result;
}

/** Scores a finished attempt again (an accepted appeal changed a key) and writes practice.attempt.rescored.v1. */
export async function rescoreLocked(ctx: PracticeContext, tx: Transaction, a: AttemptRow, appealId: string, now: Date): Promise<MockResult> {
  const result = await scoreNow(ctx, tx, a);
  await recordResult(tx, a.id, { result, scoredAt: now });
  await emit(tx, AttemptRescored, a.id, { ...scored(a, result, a.finishedAt!, now), previousTotal: a.result?.total ?? 0, appealId }, now);
  return result;
}
