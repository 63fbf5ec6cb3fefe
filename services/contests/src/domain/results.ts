/** Survey results: aggregates per question, never a single respondent's answer sheet. */
import { DEFAULT_SCALE, type AnswerValue, type Localized, type Question } from './questions.js';

export type QuestionResult =
  | { questionId: string; type: 'single' | 'multiple'; text: Localized; answered: number; options: Array<{ id: string; text: Localized; count: number; share: number }> }
  | { questionId: string; type: 'scale'; text: Localized; answered: number; mean: number | null; median: number | null; distribution: Array<{ value: number; count: number }> }
  | { questionId: string; type: 'text'; text: Localized; answered: number; answers: string[] };

/** Free-text answers shown per question, newest first; the count covers all of them. */
export const TEXT_ANSWERS_SHOWN = 200;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** `sheets` newest first. */
export function summarise(questions: readonly Question[], sheets: ReadonlyArray<Record<string, AnswerValue>>): QuestionResult[] {
  return questions.map((q) => {
    const values = sheets.map((s) => s[q.id]).filter((v): v is AnswerValue => v !== undefined);
    const base = { questionId: q.id, text: q.text, answered: values.length };
    if (q.type === 'single' || q.type === 'multiple') {
      const counts = new Map<string, number>();
      for (const v of values) for (const id of Array.isArray(v) ? v : [String(v)]) counts.set(id, (counts.get(id) ?? 0) + 1);
      return {
        ...base, type: q.type,
        options: (q.options ?? []).map((o) => {
          const count = counts.get(o.id) ?? 0;
          return { id: o.id, text: o.text, count, share: values.length ? round(count / values.length, 4) : 0 };
        }),
      };
    }
    if (q.type === 'scale') {
      const { min, max } = q.scale ?? DEFAULT_SCALE;
      const numbers = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
      const distribution = [];
      for (let value = min; value <= max; value += 1) distribution.push({ value, count: numbers.filter((n) => n === value).length });
      return {
        ...base, type: 'scale' as const, distribution,
        mean: numbers.length ? round(numbers.reduce((a, b) => a + b, 0) / numbers.length) : null,
        median: numbers.length ? quantile(numbers, 0.5) : null,
      };
    }
    return { ...base, type: 'text' as const, answers: values.filter((v): v is string => typeof v === 'string').slice(0, TEXT_ANSWERS_SHOWN) };
  });
}

/** Linear interpolation between closest ranks (R type 7) over sorted numbers. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return round(sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!));
}
