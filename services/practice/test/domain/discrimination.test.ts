import t from 'tap';
import { upperLowerIndex } from '../../src/domain/discrimination.js';

const responses = (pattern: Array<[number, boolean]>) => pattern.map(([ability, correct]) => ({ ability, correct }));

t.test('when the strongest answer right and the weakest wrong, then the index is 1; reversed, -1', async (t) => {
  const rising = Array.from({ length: 20 }, (_, i) => [i / 20, i >= 10] as [number, boolean]);
  t.equal(upperLowerIndex(responses(rising)), 1);
  const falling = Array.from({ length: 20 }, (_, i) => [i / 20, i < 10] as [number, boolean]);
  t.equal(upperLowerIndex(responses(falling)), -1);
});

t.test('when everyone answers alike, then the index is 0', async (t) => {
  t.equal(upperLowerIndex(responses(Array.from({ length: 15 }, (_, i) => [i, true] as [number, boolean]))), 0);
});

t.test('when the groups of 27 % differ partly, then the index is the difference of their shares', async (t) => {
  // 11 respondents: groups of round(2.97) = 3; top three 2 of 3 right, bottom three 1 of 3 right.
  const r = responses([[10, true], [9, true], [8, false], [7, true], [6, false], [5, true], [4, false], [3, true], [2, false], [1, true], [0, false]]);
  t.equal(upperLowerIndex(r), 0.333);
});

t.test('when there are too few respondents, then there is no index', async (t) => {
  t.equal(upperLowerIndex(responses([[1, true], [0, false]])), null);
  t.equal(upperLowerIndex(responses([[1, true], [0, false]]), 2), 1);
});
