import t from 'tap';
import { isDuplicate } from '../../src/domain/dedup.js';

t.test('when a new press comes, then a lead of the last 30 days is the same lead and an older one is not', async (t) => {
  const now = new Date('2026-03-31T12:00:00Z');
  const cases: Array<[string, string, boolean]> = [
    ['a minute ago', '2026-03-31T11:59:00Z', true],
    ['29 days ago', '2026-03-02T12:00:00Z', true],
    ['30 days less a millisecond ago', '2026-03-01T12:00:00.001Z', true],
    ['exactly 30 days ago', '2026-03-01T12:00:00Z', false],
    ['31 days ago', '2026-02-28T12:00:00Z', false],
    ['in the future', '2026-03-31T12:00:01Z', false],
  ];
  for (const [name, at, expected] of cases) t.equal(isDuplicate(new Date(at), now), expected, name);
});
