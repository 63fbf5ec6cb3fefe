/** How a scored mock reads in a message: "Математика 30/50, Физика 20/50" in the reader's language. */
import type { Locale } from './templates.js';

export type SubjectNames = Readonly<Record<string, { kk: string; ru: string }>>;

export interface SubjectLine { subject: string; score: number; max: number }

/** Each subject as "name score/max", in the attempt's order; an unknown code is shown as is. */
export function subjectLines(subjects: readonly SubjectLine[], names: SubjectNames, locale: Locale): string {
  return subjects.map((s) => `${names[s.subject]?.[locale] ?? s.subject} ${s.score}/${s.max}`).join(', ');
}
