import { randomUUID } from 'node:crypto';
import { problems } from '@joo/service-kit';
import { write, type PracticeContext } from '../context.js';
import { answerProblems, type Answer, type QuestionOption } from '../domain/answers.js';
import type { QuestionKind } from '../domain/format.js';
import {
  correctVersionKey, decideAppeal, findAppealForUpdate, insertAppeal, listAppeals, queueRescores, versionKeyForUpdate, type Appeal,
} from '../store/appeals.js';
import { attemptQuestions, findAttempt } from '../store/mocks.js';
import { formatOf } from './mock-scoring.js';

const MINUTE = 60_000;

/** A student's appeal on a task of their finished attempt, within the format's appeal window after finishing. */
export async function fileAppeal(ctx: PracticeContext, userId: string, attemptId: string, r: { questionId: string; reason: string }) {
  const now = ctx.clock();
  const a = await findAttempt(ctx.pool, attemptId, userId);
  if (!a) throw problems.notFound('No such mock attempt');
  const task = (await attemptQuestions(ctx.pool, a.id)).find((t) => t.questionId === r.questionId);
  if (!task) throw problems.notFound('No such question in this attempt');
  if (!a.finishedAt) throw problems.conflict('attempt-not-finished', 'Appeals open when the attempt is finished');
  const until = new Date(a.finishedAt.getTime() + formatOf(ctx, a).appealWindowMinutes * MINUTE);
  if (now > until) throw problems.conflict('appeal-window-closed', `Appeals were open until ${until.toISOString()}`, { appealsUntil: until.toISOString() });
  const id = randomUUID();
  const stored = await insertAppeal(ctx.pool, { id, attemptId: a.id, userId, questionId: r.questionId, version: task.version, reason: r.reason, now });
  if (!stored) throw problems.conflict('already-appealed', 'This task of the attempt is appealed already');
  return { id, status: 'pending' as const, questionId: r.questionId, version: task.version };
}

const appealView = (a: Appeal) => ({
  id: a.id, attemptId: a.attemptId, userId: a.userId, questionId: a.questionId, version: a.version, reason: a.reason, status: a.status,
  createdAt: a.createdAt.toISOString(), decidedBy: a.decidedBy, decidedAt: a.decidedAt?.toISOString() ?? null, decision: a.decision,
});

export async function listAppealsForAdmin(ctx: PracticeContext, limit: number) {
  return { items: (await listAppeals(ctx.pool, limit)).map(appealView) };
}

export type AcceptDecision = { answer: Answer } | { annul: true };

/**
 * Accepts an appeal: the question version's key is corrected (or the version annulled: everyone
 * gets its points), and every attempt that had the version is queued for re-scoring, each finished
 * one publishing practice.attempt.rescored.v1 (the ticker works the queue off). 409 on a second decision.
 */
export async function acceptAppeal(ctx: PracticeContext, adminId: string, appealId: string, d: AcceptDecision) {
  const now = ctx.clock();
  const outcome = await write(ctx, async (tx) => {
    const appeal = await findAppealForUpdate(tx, appealId);
    if (!appeal) throw problems.notFound('No such appeal');
    if (appeal.status !== 'pending') throw problems.conflict('appeal-decided', `The appeal is ${appeal.status} already`);
    const version = await versionKeyForUpdate(tx, appeal.questionId, appeal.version);
    if (!version) throw problems.notFound('The appealed question version is gone');
    if ('answer' in d) {
      const errors = answerProblems(version.kind as QuestionKind, version.options as QuestionOption[], d.answer);
      if (errors.length > 0) throw problems.unprocessable('invalid-answer', `The key does not fit a ${version.kind} question`, { errors });
    }
    await correctVersionKey(tx, appeal.questionId, appeal.version, d);
    const decision = 'annul' in d ? { annul: true, previousAnswer: version.answer } : { answer: d.answer, previousAnswer: version.answer };
    await decideAppeal(tx, appeal.id, { status: 'accepted', by: adminId, at: now, decision });
    const rescoring = await queueRescores(tx, appeal.questionId, appeal.version, appeal.id, now);
    return { id: appeal.id, status: 'accepted' as const, decision, rescoring };
  });
  ctx.wakeTicker();
  return outcome;
}

export async function rejectAppeal(ctx: PracticeContext, adminId: string, appealId: string, reason: string) {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const appeal = await findAppealForUpdate(tx, appealId);
    if (!appeal) throw problems.notFound('No such appeal');
    if (appeal.status !== 'pending') throw problems.conflict('appeal-decided', `The appeal is ${appeal.status} already`);
    await decideAppeal(tx, appeal.id, { status: 'rejected', by: adminId, at: now, decision: { reason } });
    return { id: appeal.id, status: 'rejected' as const, decision: { reason } };
  });
}
