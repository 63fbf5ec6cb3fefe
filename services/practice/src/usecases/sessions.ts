import { randomUUID } from 'node:crypto';
import { withTransaction } from '@joo/db';
import { problems, ProblemError } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { answerProblems, type Answer } from '../domain/answers.js';
import { formatInForce, type FormatDocument } from '../domain/format.js';
import { scoreAnswer } from '../domain/scoring.js';
import { hasActiveEntitlement } from '../store/entitlements.js';
import { findGivenQuestion, insertAnswer, insertSession, pickQuestions, type PickedQuestion } from '../store/sessions.js';

export interface SessionRequest { subject: string; topic?: string; language: 'kk' | 'ru'; count: number }

/** What a student sees of a question: never its answer or explanation. */
const studentView = (q: PickedQuestion) => ({
  id: q.id, version: q.version, topic: q.topic, kind: q.kind, stem: q.stem,
  options: q.options.map((o) => ({ id: o.id, text: o.text, ...(o.side ? { side: o.side } : {}) })),
  context: q.context,
});

/**
 * A practice session of up to `count` random questions: the whole bank for a student with an
 * active entitlement, the free demo set for everyone else.
 */
export async function startSession(ctx: PracticeContext, userId: string, r: SessionRequest) {
  const now = ctx.clock();
  const entitled = await hasActiveEntitlement(ctx.pool, userId, now);
  const questions = await pickQuestions(ctx.pool, { ...r, entitled });
  if (questions.length === 0) {
    if (!entitled) throw problems.forbidden('Practice needs an active package; no free questions match', 'no-entitlement');
    throw problems.unprocessable('no-questions', 'The bank has no questions for this subject, topic and language yet');
  }
  const id = randomUUID();
  await withTransaction(ctx.pool, (tx) => insertSession(tx, { id, userId, subject: r.subject, topic: r.topic ?? null, language: r.language, now, questions }));
  return { id, subject: r.subject, topic: r.topic ?? null, language: r.language, freeOnly: !entitled, questions: questions.map(studentView) };
}

const formatAt = (formats: FormatDocument[], now: Date) => formatInForce(formats, now) ?? formats[0]!;

/** Scores the first answer to a question of the student's own session by the format's rule for its kind. */
export async function answerQuestion(ctx: PracticeContext, userId: string, sessionId: string, a: { questionId: string; answer: Answer }) {
  const given = await findGivenQuestion(ctx.pool, sessionId, userId, a.questionId);
  if (!given) throw problems.notFound('No such question in your sessions');
  if (given.answered) throw problems.conflict('already-answered', 'This question of the session is answered already');
  const errors = answerProblems(given.kind, given.options, a.answer, { complete: false });
  if (errors.length > 0) throw problems.badRequest(`The answer does not fit a ${given.kind} question`, errors);
  const now = ctx.clock();
  const score = scoreAnswer(formatAt(ctx.formats, now).scoring[given.kind], given.kind, given.key, a.answer);
  const recorded = await insertAnswer(ctx.pool, {
    sessionId, questionId: a.questionId, version: given.version, userId, subject: given.subject, answer: a.answer, ...score, now,
  });
  if (!recorded) throw new ProblemError(409, 'already-answered', 'Conflict', 'This question of the session is answered already');
  return { ...score, explanation: given.explanation, correctAnswer: given.key };
}
