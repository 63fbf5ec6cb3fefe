/**
 * Scoring one answer by the format's rule for its kind: all right earns the kind's points; under
 * the `mistakes` rule each mistake costs `pointsPerMistake` (2/1/0 for multiple answers: all right
 * 2, one mistake 1, else 0), under `exact` any mistake costs everything.
 */
import type { Answer } from './answers.js';
import type { QuestionKind, ScoringRule } from './format.js';

/**
 * Mistakes in an answer checked against the key. Multiple: each wrong option chosen and each right
 * option missed; matching: each left option mapped wrongly or not at all; single and context: 0 or 1.
 */
export function countMistakes(kind: QuestionKind, key: Answer, given: Answer): number {
  switch (kind) {
    case 'single':
    case 'context':
      return given === key ? 0 : 1;
    case 'multiple': {
      const right = new Set(key as string[]);
      const chosen = new Set(given as string[]);
      return [...chosen].filter((c) => !right.has(c)).length + [...right].filter((r) => !chosen.has(r)).length;
    }
    case 'matching': {
      const pairs = key as Record<string, string>;
      const answered = given as Record<string, string>;
      return Object.keys(pairs).filter((left) => answered[left] !== pairs[left]).length;
    }
  }
}

export interface Score { correct: boolean; points: number; maxPoints: number }

export function scoreAnswer(rule: ScoringRule, kind: QuestionKind, key: Answer, given: Answer): Score {
  const mistakes = countMistakes(kind, key, given);
  const points = rule.rule === 'exact'
    ? (mistakes === 0 ? rule.points : 0)
    : Math.max(0, rule.points - mistakes * rule.pointsPerMistake);
  return { correct: mistakes === 0, points, maxPoints: rule.points };
}
