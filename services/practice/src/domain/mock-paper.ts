/**
 * What a mock is made of: the format's sections, the profile sections taking the student's pair in
 * the order given, each asking for so many tasks of each kind.
 */
import type { FormatDocument, QuestionKind } from './format.js';

export interface PaperSlot { section: string; subject: string; kind: QuestionKind; count: number }

export function paperSlots(format: FormatDocument, profileSubjects: readonly [string, string]): PaperSlot[] {
  let profile = 0;
  return format.sections.flatMap((s) => {
    const subject = s.subject ?? profileSubjects[profile++]!;
    return s.tasks.map((t) => ({ section: s.key, subject, kind: t.kind, count: t.count }));
  });
}

/** The subject each section stands for in this attempt, in the format's order. */
export function sectionSubjects(format: FormatDocument, profileSubjects: readonly string[]): { section: string; subject: string; minimumPoints: number }[] {
  let profile = 0;
  return format.sections.map((s) => ({ section: s.key, subject: s.subject ?? profileSubjects[profile++]!, minimumPoints: s.minimumPoints }));
}
