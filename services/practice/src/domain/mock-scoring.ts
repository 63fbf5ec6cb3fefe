/**
 * Scoring a whole mock (ADR 0019): each task by the format's rule for its kind, an annulled task at
 * its full points whatever was answered, an unanswered one at 0; then per subject against its
 * section's maximum and minimum (the grant threshold), and per topic how many tasks were right.
 */
import type { Answer } from './answers.js';
import type { FormatDocument, QuestionKind } from './format.js';
import { sectionSubjects } from './mock-paper.js';
import { scoreAnswer } from './scoring.js';

export interface ScoredTask {
  questionId: string; section: string; subject: string; topic: string; kind: QuestionKind;
  key: Answer;
  /** an accepted appeal annulled this question version: everyone gets its points */
  annulled: boolean;
}

export interface SubjectResult { subject: string; score: number; max: number; minimum: number; passed: boolean }
export interface TopicResult { subject: string; topic: string; correct: number; of: number }
export interface MockResult { total: number; max: number; subjects: SubjectResult[]; topics: TopicResult[] }

export function scoreMock(
  format: FormatDocument, profileSubjects: readonly string[], tasks: readonly ScoredTask[], answers: ReadonlyMap<string, Answer>,
): MockResult {
  const sections = sectionSubjects(format, profileSubjects);
  const bySection = new Map(sections.map((s) => [s.section, { ...s, score: 0, max: 0 }]));
  const topics = new Map<string, TopicResult>();
  for (const task of tasks) {
    const rule = format.scoring[task.kind];
    const given = answers.get(task.questionId);
    const { correct, points, maxPoints } = task.annulled
      ? { correct: true, points: rule.points, maxPoints: rule.points }
      : given === undefined ? { correct: false, points: 0, maxPoints: rule.points } : scoreAnswer(rule, task.kind, task.key, given);
    const section = bySection.get(task.section);
    if (section) { section.score += points; section.max += maxPoints; }
    const topicKey = `${task.subject}\u0000${task.topic}`;
    const topic = topics.get(topicKey) ?? { subject: task.subject, topic: task.topic, correct: 0, of: 0 };
    topic.of += 1;
    if (correct) topic.correct += 1;
    topics.set(topicKey, topic);
  }
  const subjects = [...bySection.values()].map((s) => ({
    subject: s.subject, score: s.score, max: s.max, minimum: s.minimumPoints, passed: s.score >= s.minimumPoints,
  }));
  return {
    total: subjects.reduce((n, s) => n + s.score, 0),
    max: subjects.reduce((n, s) => n + s.max, 0),
    subjects,
    topics: [...topics.values()].sort((a, b) => a.subject.localeCompare(b.subject) || a.topic.localeCompare(b.topic)),
  };
}
