import type { Queryable } from '@joo/db';
import { accuracyOverTime, mockTotalsByWeek, mockTrend, weakestTopics, type TopicTally } from '../domain/progress.js';
import { lastActivity, practiceTallies } from '../store/progress.js';
import { mockResults } from '../store/results.js';

/**
 * A student's progress: practice answers and the topic lines of their scored mocks, per subject
 * and topic and week; the mocks' totals week by week and their trend; the weakest topics.
 */
export async function studentProgress(db: Queryable, userId: string) {
  const [practice, mocks, last] = await Promise.all([practiceTallies(db, userId), mockResults(db, userId), lastActivity(db, userId)]);
  const mockTopics: TopicTally[] = mocks.flatMap((m) => m.topics.map((t) => ({ ...t, at: m.finishedAt })));
  const subjects = accuracyOverTime([...practice, ...mockTopics]);
  const weeks = mockTotalsByWeek(mocks.map((m) => ({ total: m.total, max: m.max, finishedAt: m.finishedAt })));
  return {
    studentId: userId,
    lastActivityAt: last?.toISOString() ?? null,
    subjects,
    mocks: { weeks, trend: mockTrend(weeks) },
    weakestTopics: weakestTopics(subjects),
  };
}

export type StudentProgress = Awaited<ReturnType<typeof studentProgress>>;
