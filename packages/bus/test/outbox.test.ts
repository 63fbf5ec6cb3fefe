import t from 'tap';
import { withTransaction } from '@joo/db';
import { UserRegistered } from '@joo/contracts';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { EventValidationError } from '../src/errors.js';
import { count, OrderPlaced, setup, streamMessages } from './helpers.js';

t.test('when data does not match the schema, then enqueue throws and writes nothing', async (t) => {
  const { db } = await setup(t, 'outbox_schema');
  const bad = { orderId: 42, amount: -1 } as unknown as { orderId: string; amount: number };
  await t.rejects(enqueue(db.pool, 'shop', OrderPlaced, 'o-1', bad), EventValidationError);
  const error = await enqueue(db.pool, 'shop', OrderPlaced, 'o-1', bad).catch((e: EventValidationError) => e);
  t.same(
    (error as EventValidationError).errors.map((e) => e.path).sort(),
    ['/amount', '/orderId'],
    'each bad field is named',
  );
  await t.rejects(
    enqueue(db.pool, 'shop', OrderPlaced, 'o-1', { orderId: 'o-1' } as never),
    EventValidationError,
    'a missing field is refused too',
  );
  t.equal(await count(db, 'SELECT 1 FROM outbox'), 0);
});

t.test('when a service enqueues another service\'s event, then enqueue refuses it', async (t) => {
  const { db } = await setup(t, 'outbox_source');
  await t.rejects(enqueue(db.pool, 'shop', UserRegistered, 'u-1', {} as never), /cannot publish identity\.user\.registered/);
  t.equal(await count(db, 'SELECT 1 FROM outbox'), 0);
});

t.test('when enqueue runs without an active span, then the envelope is complete and has no traceparent', async (t) => {
  const { db } = await setup(t, 'outbox_row');
  const before = Date.now();
  const env = await enqueue(db.pool, 'shop', OrderPlaced, 'o-7', { orderId: 'o-7', amount: 700 });
  t.match(env.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'id is a UUIDv7');
  t.equal(env.type, 'shop.order.placed.v1');
  t.equal(env.source, 'shop');
  t.equal(env.subject, 'o-7');
  t.ok(Date.parse(env.time) >= before - 1000);
  t.notOk('traceparent' in env);
  const { rows } = await db.pool.query('SELECT type, subject, envelope, published_at FROM outbox WHERE id = $1', [env.id]);
  t.same(rows, [{ type: env.type, subject: 'o-7', envelope: env, published_at: null }]);
});

t.test('when the transaction rolls back, then nothing is published', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'outbox_rollback');
  await t.rejects(
    withTransaction(db.pool, async (tx) => {
      await enqueue(tx, 'shop', OrderPlaced, 'o-1', { orderId: 'o-1', amount: 100 });
      throw new Error('business rule failed after the enqueue');
    }),
    /business rule failed/,
  );
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => relay.stop());
  t.equal(await relay.drainOnce(), 0);
  t.equal(await count(db, 'SELECT 1 FROM outbox'), 0, 'no outbox row survived the rollback');
  t.equal(await streamMessages(bus, 'shop'), 0, 'the stream is empty');

  const committed = await withTransaction(db.pool, (tx) =>
    enqueue(tx, 'shop', OrderPlaced, 'o-2', { orderId: 'o-2', amount: 200 }),
  );
  await relay.drainOnce();
  t.equal(await streamMessages(bus, 'shop'), 1, 'a committed event right after is published');
  const stored = await bus.jsm.streams.getMessage(bus.streamName('shop'), { seq: 1 });
  t.equal(stored?.json<{ id: string }>().id, committed.id);
});
