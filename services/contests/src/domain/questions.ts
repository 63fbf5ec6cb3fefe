/**
 * Survey questions (offer section 9): single choice, multiple choice, scale, free text. Checks a
 * survey's questions when it is created, and a student's answers against them.
 */
export type QuestionType = 'single' | 'multiple' | 'scale' | 'text';
export interface Localized { kk: string; ru: string }
export interface Question {
  id: string;
  type: QuestionType;
  text: Localized;
  options?: Array<{ id: string; text: Localized }>;
  scale?: { min: number; max: number };
  required?: boolean;
  maxLength?: number;
}
export interface Issue { field: string; message: string }

export const DEFAULT_SCALE = { min: 1, max: 5 } as const;
export const DEFAULT_TEXT_LENGTH = 2000;

/** Problems of a survey's question list, as field errors of the request body. */
export function checkQuestions(questions: readonly Question[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  questions.forEach((q, i) => {
    const at = `/questions/${i}`;
    if (seen.has(q.id)) issues.push({ field: `${at}/id`, message: `repeats the id ${q.id}` });
    seen.add(q.id);
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice) {
      const options = q.options ?? [];
      if (options.length < 2) issues.push({ field: `${at}/options`, message: 'a choice question needs at least 2 options' });
      const ids = new Set<string>();
      options.forEach((o, j) => {
        if (ids.has(o.id)) issues.push({ field: `${at}/options/${j}/id`, message: `repeats the option id ${o.id}` });
        ids.add(o.id);
      });
    } else if (q.options !== undefined) {
      issues.push({ field: `${at}/options`, message: `a ${q.type} question has no options` });
    }
    if (q.scale !== undefined && q.type !== 'scale') issues.push({ field: `${at}/scale`, message: 'only a scale question has a scale' });
    if (q.type === 'scale' && q.scale && q.scale.min >= q.scale.max) issues.push({ field: `${at}/scale`, message: 'min must be below max' });
    if (q.maxLength !== undefined && q.type !== 'text') issues.push({ field: `${at}/maxLength`, message: 'only a text question has maxLength' });
  });
  return issues;
}

export type AnswerValue = string | string[] | number;

/** Problems of a set of answers (question id → value); empty when they fit the questions. */
export function checkAnswers(questions: readonly Question[], answers: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) issues.push({ field: `/answers/${id}`, message: 'is not a question of this survey' });
  }
  for (const q of questions) {
    const field = `/answers/${q.id}`;
    const value = answers[q.id];
    if (value === undefined || value === null) {
      if (q.required !== false) issues.push({ field, message: 'is required' });
      continue;
    }
    const problem = answerProblem(q, value);
    if (problem) issues.push({ field, message: problem });
  }
  return issues;
}

function answerProblem(q: Question, value: unknown): string | null {
  const optionIds = new Set((q.options ?? []).map((o) => o.id));
  switch (q.type) {
    case 'single':
      if (typeof value !== 'string') return 'must be one option id';
      return optionIds.has(value) ? null : `is not an option (${[...optionIds].join(', ')})`;
    case 'multiple': {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) return 'must be a non-empty list of option ids';
      const unknown = value.filter((v) => !optionIds.has(v));
      if (unknown.length > 0) return `holds ids that are not options: ${unknown.join(', ')}`;
      return new Set(value).size === value.length ? null : 'names an option twice';
    }
    case 'scale': {
      const { min, max } = q.scale ?? DEFAULT_SCALE;
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      return value < min || value > max ? `must be from ${min} to ${max}` : null;
    }
    case 'text': {
      if (typeof value !== 'string' || value.trim() === '') return 'must be a non-empty text';
      const max = q.maxLength ?? DEFAULT_TEXT_LENGTH;
      return value.length > max ? `must be at most ${max} characters` : null;
    }
  }
}

/** The stored form of valid answers: trimmed text, nothing for skipped optional questions. */
export function normaliseAnswers(questions: readonly Question[], answers: Record<string, unknown>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const q of questions) {
    const value = answers[q.id];
    if (value === undefined || value === null) continue;
    out[q.id] = typeof value === 'string' && q.type === 'text' ? value.trim() : (value as AnswerValue);
  }
  return out;
}
