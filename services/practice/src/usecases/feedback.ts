import { randomUUID } from 'node:crypto';
import { FeedbackGiven } from '@joo/contracts';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import { emit, write, type PracticeContext } from '../context.js';
import { isAssigned } from '../store/curators.js';
import { studyAccess } from '../store/entitlements.js';
import { insertFeedback, listFeedback, type Feedback } from '../store/feedback.js';

const feedbackView = (f: Feedback) => ({ id: f.id, curatorId: f.curatorId, text: f.text, givenAt: f.givenAt.toISOString() });

/**
 * A curator's feedback to an assigned student, stored and published in one transaction. Curator
 * follow-up is part of the course proper (offer Appendix 2): in the bonus period it has ended
 * (409 `follow-up-ended`), and a student without a package in force has none (409 `no-course`).
 */
export async function giveFeedback(ctx: PracticeContext, curatorId: string, studentId: string, text: string) {
  if (!(await isAssigned(ctx.pool, curatorId, studentId))) throw problems.notFound('No such student among yours');
  const now = ctx.clock();
  const access = await studyAccess(ctx.pool, studentId, now);
  if (access.level === 'bonus') {
    throw problems.conflict('follow-up-ended', 'The student is in the bonus period after the course: curator follow-up has ended, practice stays open');
  }
  if (access.level === 'none') throw problems.conflict('no-course', 'The student holds no package in force: there is no course to follow up');
  const feedback: Feedback = { id: randomUUID(), studentId, curatorId, text: text.trim(), givenAt: now };
  await write(ctx, async (tx) => {
    await insertFeedback(tx, feedback);
    await emit(tx, FeedbackGiven, feedback.id, {
      feedbackId: feedback.id, studentId, curatorId, text: feedback.text, givenAt: now.toISOString(),
    }, now);
  });
  return feedbackView(feedback);
}

/** The student's feedback from curators, newest first. */
export async function myFeedback(ctx: PracticeContext, studentId: string, page: { cursor?: string; limit: number }) {
  const key = decodeTimeIdCursor(page.cursor);
  const rows = await listFeedback(ctx.pool, studentId, { ...(key ? { after: { givenAt: new Date(key.at), id: key.id } } : {}), limit: page.limit + 1 });
  return timeIdPage(rows, page.limit, (f) => [f.givenAt, f.id], feedbackView);
}
