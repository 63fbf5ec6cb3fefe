/**
 * The rules of a student's progress (ADR 0020): accuracy over time per subject and topic, mock
 * totals week by week, the weakest topics and the mock trend. Pure: the store hands in tallies.
 * Weeks are Almaty calendar weeks, Monday to Sunday, named by their Monday (YYYY-MM-DD).
 */
import { addDaysToDate, dayOfWeek, localDate } from '@joo/calendar';

/** Answers of one topic on one occasion: practice answers of an hour, or a mock's topic line. */
export interface TopicTally { subject: string; topic: string; at: Date; correct: number; of: number }

export interface Accuracy { correct: number; of: number; accuracy: number | null }
export interface WeekAccuracy extends Accuracy { week: string }
export interface TopicProgress extends Accuracy { topic: string; weeks: WeekAccuracy[] }
export interface SubjectProgress extends Accuracy { subject: string; weeks: WeekAccuracy[]; topics: TopicProgress[] }

/** A scored mock: its total (the newest score when re-scored) and when it was finished. */
export interface MockTotal { total: number; max: number; finishedAt: Date }
export interface MockWeek { week: string; attempts: number; best: number; latest: number; max: number }

export interface WeakTopic extends Accuracy { subject: string; topic: string }

export interface WeakTopicRule {
  /** fewer answers than this say too little: one miss must not make a topic "weakest" */
  minAnswers: number;
  /** a topic at or above this share right is not weak, however it ranks */
  below: number;
  limit: number;
}

export const WEAK_TOPIC_RULE: WeakTopicRule = { minAnswers: 5, below: 0.8, limit: 5 };

/** The Monday (Almaty calendar) of the week holding `at`. */
export function almatyWeek(at: Date): string {
  const day = localDate(at);
  return addDaysToDate(day, -((dayOfWeek(day) + 6) % 7));
}

/** Share right rounded to three places; null with nothing answered. */
export function accuracy(correct: number, of: number): Accuracy {
  return { correct, of, accuracy: of > 0 ? Math.round((correct / of) * 1000) / 1000 : null };
}

const byWeek = (tallies: TopicTally[]): WeekAccuracy[] => {
  const weeks = new Map<string, { correct: number; of: number }>();
  for (const t of tallies) {
    const week = almatyWeek(t.at);
    const w = weeks.get(week) ?? { correct: 0, of: 0 };
    weeks.set(week, { correct: w.correct + t.correct, of: w.of + t.of });
  }
  return [...weeks].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, w]) => ({ week, ...accuracy(w.correct, w.of) }));
};

const sum = (tallies: TopicTally[]) => accuracy(tallies.reduce((n, t) => n + t.correct, 0), tallies.reduce((n, t) => n + t.of, 0));

const groupBy = <T>(items: T[], key: (item: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
};

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per subject and per topic: the share right overall and week by week (oldest week first). */
export function accuracyOverTime(tallies: TopicTally[]): SubjectProgress[] {
  const counted = tallies.filter((t) => t.of > 0);
  return [...groupBy(counted, (t) => t.subject)].sort(([a], [b]) => byName(a, b)).map(([subject, ofSubject]) => ({
    subject, ...sum(ofSubject), weeks: byWeek(ofSubject),
    topics: [...groupBy(ofSubject, (t) => t.topic)].sort(([a], [b]) => byName(a, b))
      .map(([topic, ofTopic]) => ({ topic, ...sum(ofTopic), weeks: byWeek(ofTopic) })),
  }));
}

/** Mock totals week by week (oldest first): how many mocks, the best and the latest total of the week. */
export function mockTotalsByWeek(mocks: MockTotal[]): MockWeek[] {
  const weeks = groupBy([...mocks].sort((a, b) => a.finishedAt.getTime() - b.finishedAt.getTime()), (m) => almatyWeek(m.finishedAt));
  return [...weeks].sort(([a], [b]) => byName(a, b)).map(([week, ofWeek]) => ({
    week, attempts: ofWeek.length, best: Math.max(...ofWeek.map((m) => m.total)), latest: ofWeek.at(-1)!.total, max: Math.max(...ofWeek.map((m) => m.max)),
  }));
}

/**
 * The weakest topics: those with at least `minAnswers` answers and a share right below `below`,
 * lowest share first; on a tie the topic with more answers first (the surer finding), then by
 * subject and topic name, so the order never depends on the input's.
 */
export function weakestTopics(subjects: SubjectProgress[], rule: WeakTopicRule = WEAK_TOPIC_RULE): WeakTopic[] {
  return subjects
    .flatMap((s) => s.topics.map((t) => ({ subject: s.subject, topic: t.topic, correct: t.correct, of: t.of, accuracy: t.accuracy })))
    .filter((t) => t.of >= rule.minAnswers && t.accuracy !== null && t.accuracy < rule.below)
    .sort((a, b) => a.accuracy! - b.accuracy! || b.of - a.of || byName(a.subject, b.subject) || byName(a.topic, b.topic))
    .slice(0, rule.limit);
}

export interface MockTrend {
  /** `up` / `down`: the latest week's best against the week before it; `steady` when equal; `none` with fewer than two weeks */
  direction: 'up' | 'down' | 'steady' | 'none';
  /** points between those two weeks; null with fewer than two */
  change: number | null;
  /** the best total of each of the last (up to) four weeks with a mock, oldest first */
  recent: Array<{ week: string; best: number }>;
}

export function mockTrend(weeks: MockWeek[]): MockTrend {
  const recent = weeks.slice(-4).map((w) => ({ week: w.week, best: w.best }));
  const [previous, latest] = weeks.slice(-2);
  if (!previous || !latest) return { direction: 'none', change: null, recent };
  const change = latest.best - previous.best;
  return { direction: change > 0 ? 'up' : change < 0 ? 'down' : 'steady', change, recent };
}
