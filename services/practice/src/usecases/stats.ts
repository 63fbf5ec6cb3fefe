import { problems } from '@joo/service-kit';
import type { PracticeContext } from '../context.js';
import { upperLowerIndex } from '../domain/discrimination.js';
import { findQuestion } from '../store/questions.js';
import { erasedCounts } from '../store/erasure.js';
import { answersWithAbility } from '../store/stats.js';

export interface QuestionStats { attempts: number; correctShare: number | null; discrimination: number | null }

/**
 * From the answers recorded in practice sessions, every version of the question together; erased
 * students' answers still count in `attempts` and `correctShare` but no longer rank anyone.
 */
export async function questionStats(ctx: PracticeContext, id: string): Promise<QuestionStats> {
  if (!(await findQuestion(ctx.pool, id))) throw problems.notFound('No such question');
  const answers = await answersWithAbility(ctx.pool, id);
  const erased = await erasedCounts(ctx.pool, id);
  const attempts = answers.length + erased.attempts;
  const correct = answers.filter((a) => a.correct).length + erased.correct;
  const ranked = answers.flatMap((a) => (a.ability === null ? [] : [{ correct: a.correct, ability: a.ability }]));
  return {
    attempts,
    correctShare: attempts ? Math.round((correct / attempts) * 1000) / 1000 : null,
    discrimination: upperLowerIndex(ranked),
  };
}
