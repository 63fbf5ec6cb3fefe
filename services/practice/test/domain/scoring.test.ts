import t from 'tap';
import type { ScoringRule } from '../../src/domain/format.js';
import { countMistakes, scoreAnswer } from '../../src/domain/scoring.js';

const twoOneZero: ScoringRule = { rule: 'mistakes', points: 2, pointsPerMistake: 1 };
const onePoint: ScoringRule = { rule: 'exact', points: 1 };

t.test('when a multiple-answer question is scored 2/1/0, then all right is 2, one mistake 1, more 0', async (t) => {
  const key = ['a', 'c'];
  const cases: Array<[string[], number, boolean, number]> = [
    [['a', 'c'], 0, true, 2],
    [['c', 'a'], 0, true, 2],
    [['a'], 1, false, 1], // one right option missed
    [['a', 'c', 'd'], 1, false, 1], // one wrong option chosen
    [['a', 'd'], 2, false, 0],
    [['b', 'd'], 4, false, 0],
  ];
  for (const [given, mistakes, correct, points] of cases) {
    t.equal(countMistakes('multiple', key, given), mistakes, `${given} has ${mistakes} mistakes`);
    t.same(scoreAnswer(twoOneZero, 'multiple', key, given), { correct, points, maxPoints: 2 }, `${given} scores ${points}`);
  }
});

t.test('when a matching question is scored, then each wrong or missing pair is a mistake', async (t) => {
  const key = { l1: 'r1', l2: 'r2', l3: 'r3' };
  t.same(scoreAnswer(twoOneZero, 'matching', key, { l1: 'r1', l2: 'r2', l3: 'r3' }), { correct: true, points: 2, maxPoints: 2 });
  t.same(scoreAnswer(twoOneZero, 'matching', key, { l1: 'r1', l2: 'r2' }), { correct: false, points: 1, maxPoints: 2 });
  t.same(scoreAnswer(twoOneZero, 'matching', key, { l1: 'r2', l2: 'r1', l3: 'r3' }), { correct: false, points: 0, maxPoints: 2 });
});

t.test('when single and context questions are scored exactly, then only the key earns the point', async (t) => {
  t.same(scoreAnswer(onePoint, 'single', 'b', 'b'), { correct: true, points: 1, maxPoints: 1 });
  t.same(scoreAnswer(onePoint, 'single', 'b', 'a'), { correct: false, points: 0, maxPoints: 1 });
  t.same(scoreAnswer(onePoint, 'context', 'c', 'c'), { correct: true, points: 1, maxPoints: 1 });
  t.same(scoreAnswer({ rule: 'exact', points: 2 }, 'multiple', ['a', 'b'], ['a']), { correct: false, points: 0, maxPoints: 2 }, 'exact gives nothing for a partial answer');
});
