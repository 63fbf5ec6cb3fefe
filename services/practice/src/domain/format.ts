/**
 * The ҰБТ format as data (data/formats/unt-<year>.json, ADR 0018): the schema a format document
 * must match, its totals, and which document is in force at an instant.
 */
import { Type, type Static } from 'typebox';

export const QUESTION_KINDS = ['single', 'multiple', 'matching', 'context'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const Kind = Type.Union([Type.Literal('single'), Type.Literal('multiple'), Type.Literal('matching'), Type.Literal('context')]);
const Localized = Type.Object({ kk: Type.String({ minLength: 1 }), ru: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const Count = Type.Integer({ minimum: 1, maximum: 200 });

/** `exact`: full points or none; `mistakes`: full points less `pointsPerMistake` for each mistake, never below 0. */
export const ScoringRule = Type.Union([
  Type.Object({ rule: Type.Literal('exact'), points: Count }, { additionalProperties: false }),
  Type.Object({ rule: Type.Literal('mistakes'), points: Count, pointsPerMistake: Count }, { additionalProperties: false }),
]);
export type ScoringRule = Static<typeof ScoringRule>;

export const FormatSection = Type.Object({
  key: Type.String({ pattern: '^[a-z0-9-]+$' }),
  role: Type.Union([Type.Literal('compulsory'), Type.Literal('profile')]),
  /** A compulsory section's subject; null for a profile section, whose subject is the student's pair (catalog's). */
  subject: Type.Union([Type.String({ pattern: '^[a-z][a-z-]*$' }), Type.Null()]),
  minimumPoints: Type.Integer({ minimum: 0 }),
  tasks: Type.Array(Type.Object({ kind: Kind, count: Count }, { additionalProperties: false }), { minItems: 1 }),
}, { additionalProperties: false });

export const FormatDocument = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9-]+$' }),
  version: Type.Integer({ minimum: 1 }),
  effectiveFrom: Type.String({ format: 'date-time' }),
  name: Localized,
  durationMinutes: Type.Integer({ minimum: 1 }),
  extraMinutesSpecialNeeds: Type.Integer({ minimum: 0 }),
  appealWindowMinutes: Type.Integer({ minimum: 0 }),
  allowedTools: Type.Array(Type.String({ pattern: '^[a-z-]+$' })),
  scoring: Type.Object({ single: ScoringRule, multiple: ScoringRule, matching: ScoringRule, context: ScoringRule }, { additionalProperties: false }),
  sections: Type.Array(FormatSection, { minItems: 1 }),
  thresholds: Type.Array(Type.Object({ code: Type.String(), minimumTotal: Type.Integer({ minimum: 0 }), name: Localized }, { additionalProperties: false })),
}, { additionalProperties: false });

export type FormatDocument = Static<typeof FormatDocument>;
export type FormatSection = Static<typeof FormatSection>;

export interface SectionTotals { key: string; tasks: number; maxPoints: number }
export interface FormatTotals { tasks: number; maxPoints: number; durationMinutes: number; sections: SectionTotals[] }

/** How many tasks and points each section and the whole exam have, from the counts and the scoring per kind. */
export function formatTotals(format: FormatDocument): FormatTotals {
  const sections = format.sections.map((s) => ({
    key: s.key,
    tasks: s.tasks.reduce((n, t) => n + t.count, 0),
    maxPoints: s.tasks.reduce((n, t) => n + t.count * format.scoring[t.kind].points, 0),
  }));
  return {
    tasks: sections.reduce((n, s) => n + s.tasks, 0),
    maxPoints: sections.reduce((n, s) => n + s.maxPoints, 0),
    durationMinutes: format.durationMinutes,
    sections,
  };
}

/** Rules a schema cannot say: unique section keys, a minimum within the section's points, thresholds within the total. */
export function formatProblems(format: FormatDocument): string[] {
  const problems: string[] = [];
  const totals = formatTotals(format);
  const keys = new Set<string>();
  for (const [i, s] of format.sections.entries()) {
    if (keys.has(s.key)) problems.push(`sections/${i}: key ${s.key} is repeated`);
    keys.add(s.key);
    if ((s.role === 'compulsory') !== (s.subject !== null)) problems.push(`sections/${i}: a compulsory section names its subject, a profile section does not`);
    if (s.minimumPoints > totals.sections[i]!.maxPoints) problems.push(`sections/${i}: minimumPoints is above the section's ${totals.sections[i]!.maxPoints} points`);
  }
  for (const [i, t] of format.thresholds.entries()) {
    if (t.minimumTotal > totals.maxPoints) problems.push(`thresholds/${i}: minimumTotal is above the exam's ${totals.maxPoints} points`);
  }
  return problems;
}

/** The document in force at `now`: the latest `effectiveFrom` not after it (the highest version on a tie); undefined before the first. */
export function formatInForce<F extends Pick<FormatDocument, 'effectiveFrom' | 'version'>>(formats: readonly F[], now: Date): F | undefined {
  return formats
    .filter((f) => Date.parse(f.effectiveFrom) <= now.getTime())
    .sort((a, b) => Date.parse(b.effectiveFrom) - Date.parse(a.effectiveFrom) || b.version - a.version)[0];
}
