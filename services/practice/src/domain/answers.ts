/**
 * What an answer looks like for each kind of question, checked against the question's options:
 * single and context: one option id; multiple: a set of option ids; matching: each left option id
 * mapped to a right option id.
 */
import type { FieldError } from '@joo/service-kit';
import type { QuestionKind } from './format.js';

export interface QuestionOption { id: string; text: string; side?: 'left' | 'right' }
export type Answer = string | string[] | Record<string, string>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with the options themselves: unique ids, enough of them, sides exactly for matching. */
export function optionProblems(kind: QuestionKind, options: QuestionOption[], field = '/options'): FieldError[] {
  const errors: FieldError[] = [];
  const ids = options.map((o) => o.id);
  if (new Set(ids).size !== ids.length) errors.push({ field, message: 'option ids must be unique' });
  if (kind === 'matching') {
    const left = options.filter((o) => o.side === 'left').length;
    const right = options.filter((o) => o.side === 'right').length;
    if (left < 2 || right < 2 || left + right !== options.length) errors.push({ field, message: 'a matching question needs at least two left and two right options, each with its side' });
  } else if (options.some((o) => o.side !== undefined)) {
    errors.push({ field, message: 'only matching options have a side' });
  }
  return errors;
}

/**
 * Problems with an answer to a question of `kind` with `options`. A key (`complete`) must map
 * every left option of a matching question; a student's answer may leave some out.
 */
export function answerProblems(kind: QuestionKind, options: QuestionOption[], answer: unknown, { field = '/answer', complete = true } = {}): FieldError[] {
  const ids = new Set(options.map((o) => o.id));
  const fail = (message: string): FieldError[] => [{ field, message }];
  switch (kind) {
    case 'single':
    case 'context':
      if (typeof answer !== 'string') return fail('must be one option id');
      return ids.has(answer) ? [] : fail(`${answer} is not an option of this question`);
    case 'multiple': {
      if (!Array.isArray(answer) || answer.length === 0 || answer.some((a) => typeof a !== 'string')) return fail('must be a non-empty list of option ids');
      if (new Set(answer).size !== answer.length) return fail('lists an option twice');
      const unknown = (answer as string[]).filter((a) => !ids.has(a));
      return unknown.length ? fail(`${unknown.join(', ')} is not an option of this question`) : [];
    }
    case 'matching': {
      if (!isRecord(answer)) return fail('must map each left option id to a right option id');
      const left = new Set(options.filter((o) => o.side === 'left').map((o) => o.id));
      const right = new Set(options.filter((o) => o.side === 'right').map((o) => o.id));
      const entries = Object.entries(answer);
      if (entries.length === 0) return fail('maps no option');
      for (const [l, r] of entries) {
        if (!left.has(l)) return fail(`${l} is not a left option of this question`);
        if (typeof r !== 'string' || !right.has(r)) return fail(`${l} must map to a right option of this question`);
      }
      if (complete && entries.length !== left.size) return fail('must map every left option');
      return [];
    }
  }
}
