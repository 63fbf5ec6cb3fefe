import { withTransaction } from '@joo/db';
import { decodeCursor, encodeCursor, problems } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { isAssigned, listCuratorStudents, replaceCuratorStudents } from '../store/curators.js';
import { studentProgress } from './progress.js';

/** An admin replaces the set of students a curator follows; a curator never follows themselves. */
export async function assignStudents(ctx: PracticeContext, curatorId: string, studentIds: string[]) {
  const unique = [...new Set(studentIds)];
  if (unique.length !== studentIds.length) {
    throw problems.badRequest('A student is listed twice', [{ field: 'body/studentIds', message: 'must not repeat an id' }]);
  }
  if (unique.includes(curatorId)) {
    throw problems.badRequest('A curator cannot follow themselves', [{ field: 'body/studentIds', message: 'must not hold the curator id' }]);
  }
  await withTransaction(ctx.pool, (tx) => replaceCuratorStudents(tx, curatorId, unique, ctx.clock()));
  return { curatorId, studentIds: [...unique].sort() };
}

const afterStudent = (cursor: string | undefined): string | undefined => {
  const key = decodeCursor(cursor, 1);
  if (!key) return undefined;
  if (typeof key[0] !== 'string') throw problems.badRequest('The cursor is not valid', [{ field: 'query/cursor', message: 'is not a cursor this API returned' }]);
  return key[0];
};

/** The curator's students, each with last activity, the mock trend and weak topics. */
export async function myStudents(ctx: PracticeContext, curatorId: string, page: { cursor?: string; limit: number }) {
  const after = afterStudent(page.cursor);
  const ids = await listCuratorStudents(ctx.pool, curatorId, { ...(after ? { after } : {}), limit: page.limit + 1 });
  const shown = ids.slice(0, page.limit);
  const items = await Promise.all(shown.map(async (studentId) => {
    const p = await studentProgress(ctx.pool, studentId);
    return {
      studentId, lastActivityAt: p.lastActivityAt, mockTrend: p.mocks.trend,
      latestMock: p.mocks.weeks.at(-1) ?? null, weakestTopics: p.weakestTopics,
    };
  }));
  return { items, nextCursor: ids.length > page.limit ? encodeCursor([shown.at(-1)]) : null };
}

/** An assigned student's progress; anyone else's is a 404, as if they did not exist. */
export async function assignedStudentProgress(ctx: PracticeContext, curatorId: string, studentId: string) {
  if (!(await isAssigned(ctx.pool, curatorId, studentId))) throw problems.notFound('No such student among yours');
  return studentProgress(ctx.pool, studentId);
}
