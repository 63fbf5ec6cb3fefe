import { readFileSync } from 'node:fs';
import t from 'tap';
import { knownPair, loadProfilePairs, samePair } from '../src/domain/profile-pairs.js';

t.test("when practice's copy of the profile pairs is read, then it equals catalog's list", async (t) => {
  const catalog = JSON.parse(readFileSync(new URL('../../catalog/data/subjects.json', import.meta.url), 'utf8')) as { profilePairs: unknown };
  t.same(loadProfilePairs(), catalog.profilePairs);
});

t.test('when a pair is matched, then the order does not matter and a subject twice is no pair', async (t) => {
  const pairs = loadProfilePairs();
  t.equal(knownPair(pairs, ['physics', 'math'])?.code, 'math-physics');
  t.equal(knownPair(pairs, ['math', 'biology']), undefined);
  t.notOk(samePair(['math', 'math'], ['math', 'math']));
  t.ok(samePair(['a', 'b'], ['b', 'a']));
});
