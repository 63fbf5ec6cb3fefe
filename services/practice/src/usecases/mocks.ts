import { randomUUID } from 'node:crypto';
import { problems } from '@joo/service-kit';
import { write, type PracticeContext } from '../context.js';
import { answerProblems, type Answer } from '../domain/answers.js';
import { formatInForce, formatTotals } from '../domain/format.js';
import { paperSlots } from '../domain/mock-paper.js';
import { knownPair, samePair } from '../domain/profile-pairs.js';
import { studyAccess } from '../store/entitlements.js';
import { answerTarget, attemptAnswers, attemptQuestions, drawPaper, findAttempt, insertAttempt, saveAnswer, type PaperQuestion } from '../store/mocks.js';
import { finishLocked, formatOf } from './mock-scoring.js';
import { openWindow } from './windows.js';

const MINUTE = 60_000;

/** What a student sees of a task before finishing: never its key or explanation. */
const taskView = (q: Pick<PaperQuestion, 'version' | 'topic' | 'kind' | 'stem' | 'options' | 'context'> & { id: string }) => ({
  id: q.id, version: q.version, topic: q.topic, kind: q.kind, stem: q.stem,
  options: q.options.map((o) => ({ id: o.id, text: o.text, ...(o.side ? { side: o.side } : {}) })),
  context: q.context,
});

function groupBySection<T extends { section: string; subject: string }, V>(items: T[], view: (t: T) => V) {
  const sections: { key: string; subject: string; questions: V[] }[] = [];
  for (const item of items) {
    let s = sections.at(-1);
    if (!s || s.key !== item.section) sections.push(s = { key: item.section, subject: item.subject, questions: [] });
    s.questions.push(view(item));
  }
  return sections;
}

const formatSummary = (f: Parameters<typeof formatTotals>[0]) => {
  const t = formatTotals(f);
  return { id: f.id, version: f.version, name: f.name, tasks: t.tasks, maxPoints: t.maxPoints, durationMinutes: f.durationMinutes, allowedTools: f.allowedTools, appealWindowMinutes: f.appealWindowMinutes };
};

/**
 * Starts the student's mock of the window open now: course access (403), a known pair equal to the
 * locked one (422 / 409 `profile-pair-locked`), an open window (409 `no-open-window`), one attempt
 * per window (409 `already-attempted`, by the unique constraint). The deadline is the start plus the
 * format's duration, even past the window's close: the window bounds starts, not the sitting.
 */
export async function startMock(ctx: PracticeContext, userId: string, r: { profileSubjects: string[]; language: 'kk' | 'ru' }) {
  const now = ctx.clock();
  if (!knownPair(ctx.profilePairs, r.profileSubjects)) {
    throw problems.unprocessable('unknown-profile-pair', 'No such profile-subject pair', { errors: [{ field: '/profileSubjects', message: 'is not one of catalog\'s profile pairs' }] });
  }
  const access = await studyAccess(ctx.pool, userId, now);
  if (access.level !== 'course') throw problems.forbidden('The weekly mock needs a package in its course time', 'no-course-access');
  if (access.profileSubjects.length > 0 && !samePair(access.profileSubjects, r.profileSubjects)) {
    throw problems.conflict('profile-pair-locked', `Your package locks the profile pair ${access.profileSubjects.join(' + ')} (offer 5.7)`);
  }
  const window = await openWindow(ctx, now);
  if (!window) throw problems.conflict('no-open-window', 'No mock window is open now: see GET /v1/practice/windows');
  const format = formatInForce(ctx.formats, now) ?? ctx.formats[0]!;
  const slots = paperSlots(format, r.profileSubjects as [string, string]);
  const questions = await drawPaper(ctx.pool, r.language, slots);
  const wanted = slots.reduce((n, s) => n + s.count, 0);
  if (questions.length < wanted) throw problems.conflict('bank-incomplete', `The bank has too few questions in ${r.language} for a full mock of this pair (${questions.length} of ${wanted})`);
  const attemptId = randomUUID();
  const deadline = new Date(now.getTime() + format.durationMinutes * MINUTE);
  const stored = await write(ctx, (tx) => insertAttempt(tx, {
    id: attemptId, userId, windowId: window.id, formatId: format.id, formatVersion: format.version, language: r.language,
    profileSubjects: r.profileSubjects, startedAt: now, deadline, questions,
  }));
  if (!stored) throw problems.conflict('already-attempted', 'You have sat the mock of this window already');
  return {
    attemptId, windowId: window.id, startedAt: now.toISOString(), deadline: deadline.toISOString(), language: r.language,
    profileSubjects: r.profileSubjects, format: formatSummary(format), sections: groupBySection(questions, taskView),
  };
}

/** Saves the student's answer (a later one overwrites it); committed before the 204. */
export async function saveMockAnswer(ctx: PracticeContext, userId: string, attemptId: string, questionId: string, answer: Answer): Promise<void> {
  const now = ctx.clock();
  const target = await answerTarget(ctx.pool, attemptId, userId, questionId, now);
  if (!target) throw problems.notFound('No such question in your mock attempts');
  if (!target.open) throw problems.conflict('attempt-closed', 'The attempt is finished or past its deadline');
  const errors = answerProblems(target.kind, target.options, answer, { complete: false });
  if (errors.length > 0) throw problems.unprocessable('invalid-answer', `The answer does not fit a ${target.kind} question`, { errors });
  if (!await saveAnswer(ctx.pool, { attemptId, userId, questionId, answer, now })) {
    throw problems.conflict('attempt-closed', 'The attempt is finished or past its deadline');
  }
}

/** Finishes the attempt (idempotent: a finished one answers its stored result). */
export async function finishMock(ctx: PracticeContext, userId: string, attemptId: string) {
  return write(ctx, async (tx) => {
    const a = await findAttempt(tx, attemptId, userId, true);
    if (!a) throw problems.notFound('No such mock attempt');
    if (a.result) return a.result;
    return finishLocked(ctx, tx, a, ctx.clock());
  });
}

/** The attempt with the student's answers; after finishing also the score, keys and explanations. */
export async function getMock(ctx: PracticeContext, userId: string, attemptId: string) {
  const a = await findAttempt(ctx.pool, attemptId, userId);
  if (!a) throw problems.notFound('No such mock attempt');
  const tasks = await attemptQuestions(ctx.pool, a.id);
  const answers = await attemptAnswers(ctx.pool, a.id);
  const finished = a.result !== null;
  const format = formatOf(ctx, a);
  return {
    attemptId: a.id, windowId: a.windowId, language: a.language, profileSubjects: a.profileSubjects,
    startedAt: a.startedAt.toISOString(), deadline: a.deadline.toISOString(),
    finishedAt: a.finishedAt?.toISOString() ?? null, finishedBy: a.finishedBy,
    appealsUntil: a.finishedAt ? new Date(a.finishedAt.getTime() + format.appealWindowMinutes * MINUTE).toISOString() : null,
    format: formatSummary(format),
    result: a.result,
    sections: groupBySection(tasks.map((t) => ({ ...t, id: t.questionId })), (t) => ({
      ...taskView(t),
      answer: answers.get(t.questionId) ?? null,
      ...(finished ? { correctAnswer: t.annulled ? null : t.key, annulled: t.annulled, explanation: t.explanation } : {}),
    })),
  };
}
