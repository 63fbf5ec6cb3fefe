import { Type } from 'typebox';
import { AnswerSchema, Language, Nullable, StudentQuestion, Uuid } from './schemas.js';

const Instant = Type.String({ format: 'date-time' });

export const MockResult = Type.Object({
  total: Type.Integer(), max: Type.Integer(),
  subjects: Type.Array(Type.Object({ subject: Type.String(), score: Type.Integer(), max: Type.Integer(), minimum: Type.Integer(), passed: Type.Boolean() })),
  topics: Type.Array(Type.Object({ subject: Type.String(), topic: Type.String(), correct: Type.Integer(), of: Type.Integer() })),
});

export const MockFormat = Type.Object({
  id: Type.String(), version: Type.Integer(), name: Type.Object({ kk: Type.String(), ru: Type.String() }),
  tasks: Type.Integer(), maxPoints: Type.Integer(), durationMinutes: Type.Integer(), allowedTools: Type.Array(Type.String()), appealWindowMinutes: Type.Integer(),
});

const Section = <T extends Parameters<typeof Type.Array>[0]>(question: T) => Type.Object({
  key: Type.String({ description: 'the format section: kz-history, reading-literacy, math-literacy, profile-1, profile-2' }),
  subject: Type.String(), questions: Type.Array(question),
});

export const StartedMock = Type.Object({
  attemptId: Uuid, windowId: Uuid, startedAt: Instant,
  deadline: Type.String({ format: 'date-time', description: 'startedAt + the format\'s durationMinutes, even past the window\'s close (the window bounds starts)' }),
  language: Language, profileSubjects: Type.Array(Type.String()), format: MockFormat, sections: Type.Array(Section(StudentQuestion)),
});

const ReviewedQuestion = Type.Object({
  ...StudentQuestion.properties,
  answer: Nullable(AnswerSchema),
  correctAnswer: Type.Optional(Nullable(AnswerSchema)),
  annulled: Type.Optional(Type.Boolean()),
  explanation: Type.Optional(Type.String()),
});

export const MockView = Type.Object({
  attemptId: Uuid, windowId: Uuid, language: Language, profileSubjects: Type.Array(Type.String()),
  startedAt: Instant, deadline: Instant, finishedAt: Nullable(Instant),
  finishedBy: Nullable(Type.Union([Type.Literal('student'), Type.Literal('deadline')])),
  appealsUntil: Nullable(Instant), format: MockFormat, result: Nullable(MockResult),
  sections: Type.Array(Section(ReviewedQuestion), { description: 'your saved answers; after finishing also correctAnswer, annulled and explanation' }),
});

export const AppealView = Type.Object({
  id: Uuid, attemptId: Uuid, userId: Type.String(), questionId: Uuid, version: Type.Integer(), reason: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('rejected')]),
  createdAt: Instant, decidedBy: Nullable(Type.String()), decidedAt: Nullable(Instant),
  decision: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const AppealDecision = Type.Object({
  id: Uuid, status: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
  decision: Type.Record(Type.String(), Type.Unknown()),
  rescoring: Type.Optional(Type.Integer({ description: 'attempts queued for re-scoring' })),
});
