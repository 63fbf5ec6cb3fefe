/** The latest weekly mock of each student, from practice's events (ADR 0020); practice sessions are not kept. */
import { eventRouter } from '@joo/bus';
import { AttemptFinished, AttemptRescored, type EventData } from '@joo/contracts';
import { keepLatestMock } from '../store/mock-scores.js';

const keep = async (d: EventData<typeof AttemptFinished> | EventData<typeof AttemptRescored>, tx: Parameters<typeof keepLatestMock>[0]) => {
  if (d.kind !== 'mock') return;
  await keepLatestMock(tx, d.userId, {
    attemptId: d.attemptId, total: d.total, max: d.max, finishedAt: d.finishedAt, scoredAt: d.scoredAt,
    subjects: d.subjects.map((s) => ({ subject: s.subject, score: s.score, max: s.max })),
  });
};

export const practiceRoutes = eventRouter()
  .on(AttemptFinished, async (d, _event, tx) => keep(d, tx))
  .on(AttemptRescored, async (d, _event, tx) => keep(d, tx));
