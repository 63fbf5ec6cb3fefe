import t from 'tap';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '@joo/db';
import { contentAccessChecks, MAX_CHECKS_PER_QUERY, MAX_QUERIES_IN_FLIGHT } from '../../src/store/access-checks.js';
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

t.test('a lone check is not kept waiting for company', async (t) => {
  const built = await build(t, { now: NOW });
  const pool = counted(built.pool);
  const check = contentAccessChecks(pool);
  t.match(await check({ contentId: MATH_KK, userId: uuidv7(), at: NOW }), { entitled: false });
  t.match(await check({ contentId: MATH_KK, userId: uuidv7(), at: NOW }), { entitled: false });
  t.equal(pool.queries, 2, 'one after the other: one query each');
});

t.test('while the most queries are out, later checks gather and go as one when a query returns', async (t) => {
  const built = await build(t, { now: NOW });
  const gates: Array<() => void> = [];
  const sizes: number[] = [];
  const gated: Queryable = {
    query: ((config: { values: unknown[][] }, ...rest: unknown[]) => {
      sizes.push(config.values[0]!.length);
      return new Promise<void>((open) => gates.push(open)).then(() => (built.pool.query as (...args: unknown[]) => unknown)(config, ...rest));
    }) as unknown as Queryable['query'],
  };
  const check = contentAccessChecks(gated);
  const nextTurn = () => new Promise((r) => setImmediate(r));
  const ask = () => check({ contentId: MATH_KK, userId: uuidv7(), at: NOW });

  const answers: Array<Promise<unknown>> = [];
  for (let i = 0; i < MAX_QUERIES_IN_FLIGHT; i++) {
    answers.push(ask());
    await nextTurn();
  }
  t.same(sizes, Array(MAX_QUERIES_IN_FLIGHT).fill(1), 'each went at once, alone');
  for (let i = 0; i < 3; i++) {
    answers.push(ask());
    await nextTurn();
  }
  t.same(sizes, Array(MAX_QUERIES_IN_FLIGHT).fill(1), 'the later ones wait');
  gates[0]!();
  await answers[0];
  t.same(sizes, [...Array(MAX_QUERIES_IN_FLIGHT).fill(1), 3], 'one returned: the three go together');
  for (const open of gates.slice(1)) open();
  t.match(await Promise.all(answers), Array(MAX_QUERIES_IN_FLIGHT + 3).fill({ entitled: false }));
});

t.test('more checks than one query carries go in as few queries as fit them', async (t) => {
  const built = await build(t, { now: NOW });
  const student = uuidv7();
  await grant(built, student, STANDARD_PACKAGE_ID);
  const pool = counted(built.pool);
  const check = contentAccessChecks(pool);
  const count = MAX_CHECKS_PER_QUERY * 2 + 1;
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => check({ contentId: MATH_KK, userId: i % 2 ? student : uuidv7(), at: NOW })));
  t.equal(pool.queries, 3);
  t.same(answers.map((a) => a?.entitled), Array.from({ length: count }, (_, i) => i % 2 === 1));
});

t.test('when the query fails, every check in it fails with the error, and the next checks run', async (t) => {
  const built = await build(t, { now: NOW });
  let failing = true;
  const flaky: Queryable = {
    query: ((...args: Parameters<Queryable['query']>) => (failing ? Promise.reject(new Error('connection lost')) : built.pool.query(...args))) as Queryable['query'],
  };
  const check = contentAccessChecks(flaky);
  const failed = await Promise.allSettled([1, 2, 3].map(() => check({ contentId: MATH_KK, userId: uuidv7(), at: NOW })));
  t.same(failed.map((r) => r.status === 'rejected' && (r.reason as Error).message), ['connection lost', 'connection lost', 'connection lost']);
  failing = false;
  t.match(await check({ contentId: MATH_KK, userId: uuidv7(), at: NOW }), { entitled: false });
});
