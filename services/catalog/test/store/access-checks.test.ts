import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { DEFAULT_MAX_PER_QUERY, type Queryable } from '@joo/db';
import { contentAccessChecks } from '../../src/store/access-checks.js';
import { build, PREMIUM_PACKAGE_ID, STANDARD_PACKAGE_ID } from '../helper.js';

const MATH_KK = '01940000-0000-7000-8000-0000000c0001';
const PREMIUM_ONLY = '01940000-0000-7000-8000-0000000c0008';
const NOW = new Date('2026-02-01T08:00:00Z');

/** The pool, counting the queries that reach it. */
function counted(pool: Queryable): Queryable & { queries: number } {
  const counter = {
    queries: 0,
    query: ((...args: Parameters<Queryable['query']>) => {
      counter.queries += 1;
      return pool.query(...args);
    }) as Queryable['query'],
  };
  return counter;
}

async function grant(app: Awaited<ReturnType<typeof build>>, userId: string, productId: string): Promise<void> {
  const res = await app.app.inject({
    method: 'POST', url: '/v1/catalog/admin/entitlements', headers: app.as(uuidv7(), ['admin']), payload: { userId, productId },
  });
  if (res.statusCode !== 201) throw new Error(`grant → ${res.statusCode} ${res.body}`);
}

// How checks are gathered into queries (alone, in flight, on failure) is batchedLookups' own, tested in packages/db.
t.test('checks asked for together go as one query, and each gets its own answer', async (t) => {
  const built = await build(t, { now: NOW });
  const [standard, premium, nobody] = [uuidv7(), uuidv7(), uuidv7()];
  await grant(built, standard, STANDARD_PACKAGE_ID);
  await grant(built, premium, PREMIUM_PACKAGE_ID);
  const pool = counted(built.pool);
  const check = contentAccessChecks(pool);

  const answers = await Promise.all([
    check({ contentId: MATH_KK, userId: standard, at: NOW }),
    check({ contentId: PREMIUM_ONLY, userId: standard, at: NOW }),
    check({ contentId: PREMIUM_ONLY, userId: premium, at: NOW }),
    check({ contentId: MATH_KK, userId: nobody, at: NOW }),
    check({ contentId: MATH_KK, userId: null, at: NOW }),
    check({ contentId: uuidv7(), userId: standard, at: NOW }),
    check({ contentId: MATH_KK, userId: standard, at: new Date('2027-01-01T00:00:00Z') }),
  ]);
  t.equal(pool.queries, 1);
  t.match(answers, [
    { status: 'published', entitled: true, revision: Number },
    { status: 'published', entitled: false },
    { status: 'published', entitled: true },
    { entitled: false },
    { entitled: false },
    null,
    { entitled: false },
  ], 'by user, by item, by the time each check was asked at; an unknown item answers null');
});

t.test('more checks than one query carries go in as few queries as fit them', async (t) => {
  const built = await build(t, { now: NOW });
  const student = uuidv7();
  await grant(built, student, STANDARD_PACKAGE_ID);
  const pool = counted(built.pool);
  const check = contentAccessChecks(pool);
  const count = DEFAULT_MAX_PER_QUERY * 2 + 1;
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => check({ contentId: MATH_KK, userId: i % 2 ? student : uuidv7(), at: NOW })));
  t.equal(pool.queries, 3);
  t.same(answers.map((a) => a?.entitled), Array.from({ length: count }, (_, i) => i % 2 === 1));
});
