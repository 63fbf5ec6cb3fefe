import t from 'tap';
import { quantile, summarise } from '../../src/domain/results.js';
import { untStatistics, type ScoreRow } from '../../src/domain/research.js';

const rows = (region: string, scores: Array<Record<string, number>>): ScoreRow[] => scores.map((s) => ({ region, scores: s }));

t.test('when groups are formed, then only those of at least 5 scores are shown', async (t) => {
  const data = [
    ...rows('almaty', [{ math: 100 }, { math: 100 }, { math: 100 }, { math: 100 }, { math: 100, history: 20 }]),
    ...rows('astana', [{ math: 50 }, { math: 60 }, { math: 70 }, { math: 80 }]),
  ];
  const table: Array<[string, Parameters<typeof untStatistics>[1], number | undefined, Array<[string | undefined, string | undefined, number]>, number]> = [
    ['region and subject', ['region', 'subject'], undefined, [['almaty', 'math', 5]], 2],
    ['subject only', ['subject'], undefined, [[undefined, 'math', 9]], 1],
    ['region only (totals)', ['region'], undefined, [['almaty', undefined, 5]], 1],
    ['nothing: everyone', [], undefined, [[undefined, undefined, 9]], 0],
    ['a higher threshold', ['subject'], 10, [], 2],
    ['a lower threshold is ignored', ['region', 'subject'], 2, [['almaty', 'math', 5]], 2],
  ];
  for (const [name, groupBy, min, expected, suppressed] of table) {
    const result = untStatistics(data, groupBy, min);
    t.same(result.groups.map((g) => [g.region, g.subject, g.count]), expected, name);
    t.equal(result.suppressedGroups, suppressed, `${name}: suppressed`);
    t.ok(result.minGroupSize >= 5);
  }
});

t.test('when statistics are computed, then mean, quartiles and spread are right and no extreme is given', async (t) => {
  const [g] = untStatistics(rows('x', [{ m: 10 }, { m: 20 }, { m: 30 }, { m: 40 }, { m: 50 }]), ['subject']).groups;
  t.same(g, { subject: 'm', count: 5, mean: 30, median: 30, p25: 20, p75: 40, stddev: 14.14 });
  t.same(untStatistics([{ region: 'x', scores: {} }], ['region']).groups, [], 'a student without scores is not counted');
  t.equal(untStatistics(rows('x', [{ m: 1 }]).map((r) => ({ ...r, region: null })), ['region'], 5).suppressedGroups, 1);
});

t.test('when quantiles are taken, then they interpolate between ranks', async (t) => {
  const table: Array<[number[], number, number]> = [[[1], 0.5, 1], [[1, 2], 0.5, 1.5], [[1, 2, 3, 4], 0.25, 1.75], [[1, 2, 3, 4], 0.75, 3.25]];
  for (const [values, p, expected] of table) t.equal(quantile(values, p), expected, `${values} @ ${p}`);
  t.throws(() => quantile([], 0.5), RangeError);
});

t.test('when no one answered, then the results are empty but complete', async (t) => {
  const txt = { kk: '?', ru: '?' };
  const result = summarise([
    { id: 's', type: 'single', text: txt, options: [{ id: 'a', text: txt }, { id: 'b', text: txt }] },
    { id: 'n', type: 'scale', text: txt, scale: { min: 1, max: 3 } },
    { id: 't', type: 'text', text: txt },
  ], []);
  t.same(result.map((r) => r.answered), [0, 0, 0]);
  t.match(result[0], { options: [{ id: 'a', count: 0, share: 0 }, { id: 'b', count: 0, share: 0 }] });
  t.match(result[1], { mean: null, median: null, distribution: [{ value: 1, count: 0 }, { value: 2, count: 0 }, { value: 3, count: 0 }] });
  t.match(result[2], { answers: [] });
});
