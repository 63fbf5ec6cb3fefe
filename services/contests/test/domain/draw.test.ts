import { createHash } from 'node:crypto';
import t from 'tap';
import { commitmentOf, drawWinners, entriesDigest, prizeSlots, randomSource, sortEntryIds } from '../../src/domain/draw.js';

const seed = Buffer.alloc(32, 7);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `0192f1c4-5b2e-7c1a-9d3e-${String(i).padStart(12, '0')}`);
const prizes = [{ name: 'A', quantity: 2, taxable: true }, { name: 'B', quantity: 1, taxable: false }];

t.test('when the seed is committed, then the commitment is the hex SHA-256 of its bytes', async (t) => {
  t.equal(commitmentOf(seed), createHash('sha256').update(seed).digest('hex'));
  t.match(commitmentOf(seed), /^[0-9a-f]{64}$/);
});

t.test('when ids are sorted and digested, then case and input order do not matter', async (t) => {
  const table: Array<[string[], string[]]> = [
    [['b', 'a', 'c'], ['a', 'b', 'c']],
    [['B-1', 'a-1'], ['a-1', 'b-1']],
    [['0192-b', '0192-a', '0191-z'], ['0191-z', '0192-a', '0192-b']],
    [[], []],
  ];
  for (const [input, sorted] of table) t.same(sortEntryIds(input), sorted, JSON.stringify(input));
  t.equal(entriesDigest([]), createHash('sha256').update('').digest('hex'), 'no entries: SHA-256 of the empty string');
  t.equal(entriesDigest(['a', 'b']), createHash('sha256').update('a\nb').digest('hex'));
});

t.test('when prizes are expanded, then each is repeated by its quantity in order', async (t) => {
  t.same(prizeSlots(prizes).map((p) => p.name), ['A', 'A', 'B']);
  t.same(prizeSlots([]), []);
});

t.test('when the same seed and entries are drawn twice, in any input order, then the winners are the same', async (t) => {
  const entries = ids(20);
  const first = drawWinners(seed, entries, prizes);
  const second = drawWinners(seed, [...entries].reverse(), prizes);
  t.same(second.winners, first.winners);
  t.equal(first.winners.length, 3);
  t.same(first.winners.map((w) => w.prize), ['A', 'A', 'B']);
  t.same(first.winners.map((w) => w.taxable), [true, true, false]);
  t.same(first.winners.map((w) => w.place), [1, 2, 3]);
  t.equal(new Set(first.winners.map((w) => w.entryId)).size, 3, 'no entry wins twice');
  t.ok(first.winners.every((w) => entries.includes(w.entryId)));
  t.not(drawWinners(Buffer.alloc(32, 8), entries, prizes).winners.map((w) => w.entryId).join(), first.winners.map((w) => w.entryId).join(), 'another seed, other winners');
});

t.test('when there are fewer entries than prizes, then every entry wins and the last prizes stay unawarded', async (t) => {
  const table: Array<[number, number]> = [[0, 0], [1, 1], [2, 2], [3, 3], [50, 3]];
  for (const [n, winners] of table) t.equal(drawWinners(seed, ids(n), prizes).winners.length, winners, `${n} entries`);
  t.same(drawWinners(seed, ids(2), prizes).winners.map((w) => w.prize), ['A', 'A']);
});

t.test('when the seed is not 32 bytes, then the draw refuses it', async (t) => {
  t.throws(() => drawWinners(Buffer.alloc(16), ids(3), prizes), RangeError);
});

t.test('when uniform(n) is drawn many times, then every value comes up about equally often', async (t) => {
  const random = randomSource(seed);
  for (const n of [1, 2, 3, 7, 10]) {
    const counts = new Array(n).fill(0);
    const draws = 7000;
    for (let i = 0; i < draws; i += 1) counts[random.uniform(n)] += 1;
    const expected = draws / n;
    t.ok(counts.every((c) => Math.abs(c - expected) < expected * 0.15), `n=${n}: ${counts.join(',')}`);
  }
  t.throws(() => random.uniform(0), RangeError);
  t.throws(() => random.uniform(1.5), RangeError);
});

t.test('when every entry is equally likely, then over many seeds each wins about as often as the others', async (t) => {
  const entries = ids(5);
  const wins = new Map(entries.map((e) => [e, 0]));
  const rounds = 2000;
  for (let i = 0; i < rounds; i += 1) {
    const s = createHash('sha256').update(String(i)).digest();
    const [w] = drawWinners(s, entries, [{ name: 'X', quantity: 1, taxable: true }]).winners;
    wins.set(w!.entryId, wins.get(w!.entryId)! + 1);
  }
  t.ok([...wins.values()].every((c) => Math.abs(c - rounds / 5) < (rounds / 5) * 0.2), [...wins.values()].join(','));
});
