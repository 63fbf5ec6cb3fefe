import t from 'tap';
import { RevisionCache } from '../../src/store/revision-cache.js';

t.test('a value is returned only at the revision it was kept at', async (t) => {
  const cache = new RevisionCache<string>();
  t.equal(cache.get('a', 1), undefined);
  cache.remember('a', 1, 'first');
  t.equal(cache.get('a', 1), 'first');
  t.equal(cache.get('a', 2), undefined, 'a newer revision was seen: the kept value is stale');
  cache.remember('a', 2, 'second');
  t.equal(cache.get('a', 2), 'second');
  t.equal(cache.get('a', 1), undefined);
});

t.test('an older read arriving late does not replace a newer one', async (t) => {
  const cache = new RevisionCache<string>();
  cache.remember('a', 3, 'newer');
  cache.remember('a', 2, 'older');
  t.equal(cache.get('a', 3), 'newer');
});

t.test('when full, the oldest entry makes room', async (t) => {
  const cache = new RevisionCache<number>(2);
  cache.remember('a', 1, 1);
  cache.remember('b', 1, 2);
  cache.remember('c', 1, 3);
  t.equal(cache.size, 2);
  t.equal(cache.get('a', 1), undefined);
  t.equal(cache.get('c', 1), 3);
  cache.remember('c', 2, 4);
  t.equal(cache.size, 2, 'a new revision of a kept id takes its place');
  t.throws(() => new RevisionCache(0));
});
