import { decodeCursor, encodeCursor, problems } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { listResults, type AttemptResult } from '../store/results.js';

const resultView = (r: AttemptResult) => ({
  attemptId: r.attemptId, kind: r.kind, windowId: r.windowId, language: r.language, profileSubjects: r.profileSubjects,
  total: r.total, max: r.max, subjects: r.subjects, topics: r.topics,
  startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt.toISOString(), scoredAt: r.scoredAt.toISOString(),
  rescored: r.rescored, previousTotal: r.previousTotal,
});

/** `[finishedAt, attemptId]` of a cursor this API returned; anything else is a 400. */
function afterKey(cursor: string | undefined): { finishedAt: Date; attemptId: string } | undefined {
  const key = decodeCursor(cursor, 2);
  if (!key) return undefined;
  const [at, id] = key;
  const finishedAt = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
  if (Number.isNaN(finishedAt.getTime()) || typeof id !== 'string' || id.length === 0 || id.length > 200) {
    throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
  }
  return { finishedAt, attemptId: id };
}

/** The student's scored attempts, newest first; a re-scored one shows its new score and `rescored`. */
export async function myResults(ctx: PracticeContext, userId: string, page: { cursor?: string; limit: number }) {
  const after = afterKey(page.cursor);
  const rows = await listResults(ctx.pool, userId, { ...(after ? { after } : {}), limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(resultView),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.finishedAt.toISOString(), last.attemptId]) : null,
  };
}
