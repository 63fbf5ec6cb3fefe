/**
 * Progress is a read model of practice's own scored attempts (ADR 0020): the attempt events from
 * stream JOO_PRACTICE, not the mock's tables, so the mock's storage can change freely. Both
 * events carry the whole score; the newest `scoredAt` wins.
 */
import { eventRouter } from '@joo/bus';
import { AttemptFinished, AttemptRescored, type EventData } from '@joo/contracts';
import { upsertResult, type AttemptResult } from '../store/results.js';

const scored = (d: EventData<typeof AttemptFinished> | EventData<typeof AttemptRescored>): Omit<AttemptResult, 'rescored' | 'previousTotal'> => ({
  attemptId: d.attemptId, userId: d.userId, kind: d.kind, windowId: d.windowId, language: d.language, profileSubjects: d.profileSubjects,
  total: d.total, max: d.max, subjects: d.subjects, topics: d.topics,
  startedAt: new Date(d.startedAt), finishedAt: new Date(d.finishedAt), scoredAt: new Date(d.scoredAt),
});

export const progressRoutes = eventRouter()
  .on(AttemptFinished, async (d, _event, tx) => {
    await upsertResult(tx, { ...scored(d), rescored: false, previousTotal: null });
  })
  .on(AttemptRescored, async (d, _event, tx) => {
    await upsertResult(tx, { ...scored(d), rescored: true, previousTotal: d.previousTotal });
  });
