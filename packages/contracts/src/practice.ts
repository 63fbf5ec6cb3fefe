/** Events published by practice (stream JOO_PRACTICE, subjects joo.practice.>). */
import { Type } from 'typebox';
import { Instant } from './common.js';
import { defineEvent } from './envelope.js';

const Language = Type.Union([Type.Literal('kk'), Type.Literal('ru')]);

/** One subject's part of a scored attempt: points against the section's maximum and its minimum (the grant threshold). */
const SubjectScore = Type.Object({
  subject: Type.String(),
  score: Type.Integer({ minimum: 0 }),
  max: Type.Integer({ minimum: 0 }),
  minimum: Type.Integer({ minimum: 0 }),
  passed: Type.Boolean(),
});

/** How many tasks of one topic were answered right, for progress and weak topics. */
const TopicScore = Type.Object({
  subject: Type.String(),
  topic: Type.String(),
  correct: Type.Integer({ minimum: 0 }),
  of: Type.Integer({ minimum: 0 }),
});

/** What a scored attempt is: both attempt events carry it, so a consumer keeps the newest by `scoredAt`. */
const ScoredAttempt = {
  attemptId: Type.String(),
  userId: Type.String(),
  kind: Type.Union([Type.Literal('mock'), Type.Literal('practice')], { description: '`mock`: the weekly ҰБТ mock test; `practice`: a topic session' }),
  windowId: Type.Union([Type.String(), Type.Null()], { description: 'the mock window the attempt was sat in; null for practice' }),
  language: Language,
  profileSubjects: Type.Array(Type.String(), { description: 'the profile pair of a mock; empty for practice' }),
  total: Type.Integer({ minimum: 0 }),
  max: Type.Integer({ minimum: 0 }),
  subjects: Type.Array(SubjectScore),
  topics: Type.Array(TopicScore),
  startedAt: Instant,
  finishedAt: Instant,
  scoredAt: Instant,
};

export const AttemptFinished = defineEvent('practice', 'practice.attempt.finished.v1', {
  description: 'An attempt was finished and scored: a mock by the student or by the server at its deadline (`finishedBy`).',
  subject: 'attemptId',
}, Type.Object({
  ...ScoredAttempt,
  finishedBy: Type.Union([Type.Literal('student'), Type.Literal('deadline')]),
}));

export const AttemptRescored = defineEvent('practice', 'practice.attempt.rescored.v1', {
  description: 'An accepted appeal changed the key of a question version the attempt had; the attempt was scored again. Carries the whole new score and the total before.',
  subject: 'attemptId',
}, Type.Object({
  ...ScoredAttempt,
  previousTotal: Type.Integer({ minimum: 0 }),
  appealId: Type.String(),
}));

export const FeedbackGiven = defineEvent('practice', 'practice.feedback.given.v1', {
  description: 'A curator left feedback for an assigned student (offer Appendix 2 items 2 and 10); the student is told in their language.',
  subject: 'feedbackId',
}, Type.Object({
  feedbackId: Type.String(),
  studentId: Type.String(),
  curatorId: Type.String(),
  text: Type.String(),
  givenAt: Instant,
}));

export const MockWindowOpened = defineEvent('practice', 'practice.mock.window.opened.v1', {
  description: 'A weekly mock window opened (from the weekly default or an admin); students holding an active package are reminded.',
  subject: 'windowId',
}, Type.Object({
  windowId: Type.String(),
  opensAt: Instant,
  closesAt: Instant,
  source: Type.Union([Type.Literal('weekly'), Type.Literal('admin')]),
}));

export const practiceEvents = [AttemptFinished, AttemptRescored, FeedbackGiven, MockWindowOpened] as const;
