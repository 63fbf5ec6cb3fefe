import { createHash } from 'node:crypto';
import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '@joo/testing';
import { drawWinners, randomSource, type DrawPrize } from '../../src/domain/draw.js';

const seed = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes));
const entries = fc.uniqueArray(fc.uuid().map((id) => id.toLowerCase()), { maxLength: 40 });
const prizes = fc.array(fc.record({ name: fc.constantFrom('phone', 'book', 'course'), quantity: fc.integer({ min: 0, max: 6 }), taxable: fc.boolean() }), { maxLength: 4 });
const slotCount = (list: readonly DrawPrize[]) => list.reduce((sum, p) => sum + p.quantity, 0);

t.test('when a draw is run, then it picks min(prizes, entrants) distinct winners from the entrants, prizes in order', async (t) => {
  assertProperty(t, 'k distinct entrants, places 1..k, the i-th prize slot to the i-th winner', fc.property(seed, entries, prizes, (s, ids, list) => {
    const { winners } = drawWinners(s, ids, list);
    const k = Math.min(slotCount(list), ids.length);
    const slots = list.flatMap((p) => Array.from({ length: p.quantity }, () => p.name));
    return winners.length === k
      && new Set(winners.map((w) => w.entryId)).size === k
      && winners.every((w, i) => ids.includes(w.entryId) && w.place === i + 1 && w.prize === slots[i]);
  }), 300);
});

t.test('when the same seed and entrants are drawn again, in any order or case, then the winners are the same', async (t) => {
  assertProperty(t, 'deterministic and independent of the input order and case', fc.property(seed, entries, prizes, fc.nat(), (s, ids, list, rotation) => {
    const shift = ids.length ? rotation % ids.length : 0;
    const shuffled = [...ids.slice(shift), ...ids.slice(0, shift)].reverse().map((id, i) => (i % 2 ? id.toUpperCase() : id));
    return JSON.stringify(drawWinners(s, ids, list)) === JSON.stringify(drawWinners(Buffer.from(s), shuffled, list));
  }), 300);
});

t.test('when uniform(n) is drawn from any seed, then it is an integer in [0, n)', async (t) => {
  assertProperty(t, 'uniform stays in range', fc.property(seed, fc.integer({ min: 1, max: 2 ** 32 }), (s, n) => {
    const r = randomSource(s).uniform(n);
    return Number.isInteger(r) && r >= 0 && r < n;
  }), 500);
});

/**
 * The statistical claim of DRAW.md: each of N entrants wins one of k prizes with probability k/N, and
 * each place goes to each entrant with probability 1/N. 4 000 draws with fixed seeds (SHA-256 of
 * the draw's number), so the counts are the same on every run; the bounds are 5 standard deviations
 * of the binomial count, which a fair draw misses with probability below 1 in a million per count.
 */
t.test('when many draws are run, then each entrant wins with probability k/N and takes each place with 1/N', async (t) => {
  const N = 7;
  const k = 3;
  const draws = 4000;
  const ids = Array.from({ length: N }, (_, i) => `0192f1c4-5b2e-7c1a-9d3e-${String(i).padStart(12, '0')}`);
  const wins = new Map(ids.map((id) => [id, 0]));
  const firstPlaces = new Map(ids.map((id) => [id, 0]));
  for (let d = 0; d < draws; d += 1) {
    const drawSeed = createHash('sha256').update(`draw ${d}`).digest();
    const { winners } = drawWinners(drawSeed, ids, [{ name: 'prize', quantity: k, taxable: false }]);
    for (const w of winners) wins.set(w.entryId, wins.get(w.entryId)! + 1);
    firstPlaces.set(winners[0]!.entryId, firstPlaces.get(winners[0]!.entryId)! + 1);
  }
  const within = (count: number, p: number) => Math.abs(count - draws * p) <= 5 * Math.sqrt(draws * p * (1 - p));
  for (const id of ids) {
    t.ok(within(wins.get(id)!, k / N), `${id.slice(-2)} won ${wins.get(id)} of ${draws} draws (expected ${Math.round((draws * k) / N)})`);
    t.ok(within(firstPlaces.get(id)!, 1 / N), `${id.slice(-2)} took first place ${firstPlaces.get(id)} times (expected ${Math.round(draws / N)})`);
  }
});
