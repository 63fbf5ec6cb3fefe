import t from 'tap';
import { withTransaction } from '@joo/db';
import { createService } from '@joo/service-kit';
import { testDatabase } from '@joo/testing';
import { Type } from 'typebox';
import { canonicalJson, idempotencyMigrations, idempotent, pruneIdempotencyKeys, replyIdempotently, requestFingerprint } from '../src/index.js';

const setup = async (t: any) => {
  const db = await testDatabase(t, {
    label: 'idempotency', poolSize: 3,
    migrations: [...idempotencyMigrations, { name: '001_orders.sql', sql: 'CREATE TABLE orders (id serial PRIMARY KEY, body text NOT NULL)' }],
  });
  return db.pool;
};

t.test('canonical JSON ignores key order and undefined members', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } }), '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
  t.equal(requestFingerprint('POST', '/x', { a: 1, b: 2 }), requestFingerprint('POST', '/x', { b: 2, a: 1 }));
  t.not(requestFingerprint('POST', '/x', { a: 1 }), requestFingerprint('POST', '/y', { a: 1 }));
});

t.test('when the same key and request come twice, then the work runs once and the first answer is replayed', async (t) => {
  const pool = await setup(t);
  let runs = 0;
  const call = () => idempotent({ pool, scope: 'user-1', key: 'k-1', fingerprint: 'f' }, async (tx) => {
    runs += 1;
    const { rows } = await tx.query<{ id: number }>(`INSERT INTO orders (body) VALUES ('x') RETURNING id`);
    return { status: 201, body: { orderId: rows[0]!.id } };
  }, (fn) => withTransaction(pool, fn));
  const first = await call();
  const second = await call();
  t.same(first, { status: 201, body: { orderId: 1 }, replayed: false });
  t.same(second, { status: 201, body: { orderId: 1 }, replayed: true });
  t.equal(runs, 1);
  t.equal((await pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 1);
});

t.test('when the same key comes with another request, then 422; another scope is another key', async (t) => {
  const pool = await setup(t);
  const run = (scope: string, fingerprint: string) => idempotent({ pool, scope, key: 'same', fingerprint },
    async () => ({ status: 201, body: { ok: true } }), (fn) => withTransaction(pool, fn));
  await run('user-1', 'a');
  await t.rejects(run('user-1', 'b'), { status: 422, code: 'idempotency-key-reused' });
  t.same((await run('user-2', 'b')).replayed, false);
});

t.test('when the first request is still running, then a retry gets 409 and does not run', async (t) => {
  const pool = await setup(t);
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const tx = (fn: (c: any) => Promise<any>) => withTransaction(pool, fn);
  const first = idempotent({ pool, scope: 'u', key: 'slow', fingerprint: 'f' }, async () => { await gate; return { status: 201, body: 1 }; }, tx);
  await new Promise((r) => setTimeout(r, 50));
  await t.rejects(idempotent({ pool, scope: 'u', key: 'slow', fingerprint: 'f' }, async () => ({ status: 201, body: 2 }), tx),
    { status: 409, code: 'idempotency-key-in-flight' });
  release();
  t.same(await first, { status: 201, body: 1, replayed: false });
});

t.test('when the work throws, then nothing is kept and the same key may be retried', async (t) => {
  const pool = await setup(t);
  const tx = (fn: (c: any) => Promise<any>) => withTransaction(pool, fn);
  await t.rejects(idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'f' }, async (c) => {
    await c.query(`INSERT INTO orders (body) VALUES ('lost')`);
    throw new Error('provider down');
  }, tx), /provider down/);
  t.equal((await pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 0, 'the effect rolled back with the answer');
  t.same(await idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'f' }, async () => ({ status: 201, body: 'ok' }), tx),
    { status: 201, body: 'ok', replayed: false });
});

t.test('when a claim was left running by a dead process, then it is taken over after its lease', async (t) => {
  const pool = await setup(t);
  const tx = (fn: (c: any) => Promise<any>) => withTransaction(pool, fn);
  const then = new Date('2026-11-25T10:00:00Z');
  await pool.query(`INSERT INTO idempotency_keys (scope, key, request_hash, state, locked_until, created_at)
    VALUES ('u', 'k', 'f', 'running', $1, $2)`, [new Date(then.getTime() + 60_000), then]);
  await t.rejects(idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'f', now: new Date(then.getTime() + 30_000) },
    async () => ({ status: 201, body: 1 }), tx), { status: 409, code: 'idempotency-key-in-flight' });
  t.same(await idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'f', now: new Date(then.getTime() + 61_000) },
    async () => ({ status: 201, body: 1 }), tx), { status: 201, body: 1, replayed: false });
});

t.test('when a key is older than 24 h, then it is a new key, and pruning removes it', async (t) => {
  const pool = await setup(t);
  const tx = (fn: (c: any) => Promise<any>) => withTransaction(pool, fn);
  const day0 = new Date('2026-11-01T00:00:00Z');
  const day1 = new Date(day0.getTime() + 24 * 3600_000 + 1000);
  await idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'a', now: day0 }, async () => ({ status: 201, body: 'old' }), tx);
  t.same((await idempotent({ pool, scope: 'u', key: 'k', fingerprint: 'b', now: day1 }, async () => ({ status: 201, body: 'new' }), tx)).body, 'new');
  t.equal(await pruneIdempotencyKeys(pool, new Date(day1.getTime() + 24 * 3600_000 + 1000)), 1);
});

t.test('when a route uses replyIdempotently, then the header is required and a replay is marked', async (t) => {
  const pool = await setup(t);
  const app = await createService({ name: 'idem-test', logLevel: 'silent' });
  app.post('/orders', { schema: { body: Type.Object({ item: Type.String() }) } }, async (request, reply) =>
    replyIdempotently(request, reply, { pool, scope: 'anyone' }, async (tx) => {
      const { rows } = await tx.query<{ id: number }>('INSERT INTO orders (body) VALUES ($1) RETURNING id', [(request.body as { item: string }).item]);
      return { status: 201, body: { id: rows[0]!.id } };
    }));
  t.teardown(() => app.close());
  const post = (headers: Record<string, string>, item = 'book') => app.inject({ method: 'POST', url: '/orders', headers, payload: { item } });

  const missing = await post({});
  t.equal(missing.statusCode, 400);
  t.equal(missing.json().code, 'idempotency-key-missing');
  t.match(missing.headers['content-type'], /problem\+json/);
  t.equal((await post({ 'idempotency-key': 'é' })).statusCode, 400);

  const first = await post({ 'idempotency-key': 'order-1' });
  const again = await post({ 'idempotency-key': 'order-1' });
  t.equal(first.statusCode, 201);
  t.equal(again.statusCode, 201);
  t.same(again.json(), first.json());
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.notOk(first.headers['idempotent-replayed']);
  t.equal((await post({ 'idempotency-key': 'order-1' }, 'pen')).statusCode, 422);
});
