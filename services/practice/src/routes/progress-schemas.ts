/** Response shapes of progress, results and feedback (ADR 0020). */
import { Type } from 'typebox';
import { Nullable } from './schemas.js';

const Time = Type.String({ format: 'date-time' });
const Week = Type.String({ format: 'date', description: 'the Monday (Almaty calendar) of the week' });
const Share = {
  correct: Type.Integer(), of: Type.Integer(),
  accuracy: Nullable(Type.Number({ description: 'share right, to three places' })),
};
const WeekAccuracy = Type.Object({ week: Week, ...Share });

export const MockWeek = Type.Object({
  week: Week, attempts: Type.Integer(), best: Type.Integer(), latest: Type.Integer(), max: Type.Integer(),
});
export const MockTrend = Type.Object({
  direction: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('steady'), Type.Literal('none')]),
  change: Nullable(Type.Integer()),
  recent: Type.Array(Type.Object({ week: Week, best: Type.Integer() })),
});
export const WeakTopic = Type.Object({ subject: Type.String(), topic: Type.String(), ...Share });

export const Progress = Type.Object({
  studentId: Type.String(),
  lastActivityAt: Nullable(Time),
  subjects: Type.Array(Type.Object({
    subject: Type.String(), ...Share, weeks: Type.Array(WeekAccuracy),
    topics: Type.Array(Type.Object({ topic: Type.String(), ...Share, weeks: Type.Array(WeekAccuracy) })),
  }), { description: 'practice answers and the topic lines of scored mocks' }),
  mocks: Type.Object({ weeks: Type.Array(MockWeek), trend: MockTrend }),
  weakestTopics: Type.Array(WeakTopic, { description: 'at least 5 answers and below 80 % right, lowest first (ADR 0020)' }),
});

export const Result = Type.Object({
  attemptId: Type.String(),
  kind: Type.Union([Type.Literal('mock'), Type.Literal('practice')]),
  windowId: Nullable(Type.String()), language: Type.String(), profileSubjects: Type.Array(Type.String()),
  total: Type.Integer(), max: Type.Integer(),
  subjects: Type.Array(Type.Object({ subject: Type.String(), score: Type.Integer(), max: Type.Integer(), minimum: Type.Integer(), passed: Type.Boolean() })),
  topics: Type.Array(Type.Object({ subject: Type.String(), topic: Type.String(), correct: Type.Integer(), of: Type.Integer() })),
  startedAt: Time, finishedAt: Time, scoredAt: Time,
  rescored: Type.Boolean({ description: 'an accepted appeal re-scored the attempt; the score shown is the new one' }),
  previousTotal: Nullable(Type.Integer({ description: 'the total before the latest re-scoring' })),
});

export const FeedbackView = Type.Object({ id: Type.String({ format: 'uuid' }), curatorId: Type.String(), text: Type.String(), givenAt: Time });

export const CuratorStudent = Type.Object({
  studentId: Type.String(), lastActivityAt: Nullable(Time), mockTrend: MockTrend, latestMock: Nullable(MockWeek), weakestTopics: Type.Array(WeakTopic),
});
