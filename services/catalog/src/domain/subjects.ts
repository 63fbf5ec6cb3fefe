import { readFileSync } from 'node:fs';

export type Locale = 'kk' | 'ru';
export interface Subject { code: string; compulsory: boolean; name: { kk: string; ru: string } }
export interface ProfilePair { code: string; subjects: [string, string] }
export interface SubjectCatalogue {
  subjects: Subject[];
  profilePairs: ProfilePair[];
  isSubject(code: string): boolean;
  pair(code: string): ProfilePair | undefined;
}

/** The ҰБТ subjects and allowed profile pairs, from data/subjects.json (read once, checked). */
export function loadSubjects(file: URL = new URL('../../data/subjects.json', import.meta.url)): SubjectCatalogue {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { subjects: Subject[]; profilePairs: ProfilePair[] };
  return subjectCatalogue(data.subjects, data.profilePairs);
}

export function subjectCatalogue(subjects: Subject[], profilePairs: ProfilePair[]): SubjectCatalogue {
  const byCode = new Map(subjects.map((s) => [s.code, s]));
  const pairs = new Map(profilePairs.map((p) => [p.code, p]));
  for (const p of profilePairs) {
    for (const s of p.subjects) {
      const subject = byCode.get(s);
      if (!subject || subject.compulsory) throw new Error(`profile pair ${p.code}: ${s} is not a profile subject`);
    }
  }
  return { subjects, profilePairs, isSubject: (code) => byCode.has(code), pair: (code) => pairs.get(code) };
}
