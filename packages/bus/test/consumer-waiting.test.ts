import t from 'tap';
import type { Envelope } from '@joo/contracts';
import { createPool, type Queryable } from '@joo/db';
import { eventually, TEST_NATS_URL } from '@joo/testing';
import { connectBus } from '../src/connection.js';
import { startConsumer } from '../src/consumer.js';
import { listDeadLetters } from '../src/dead-letters.js';
import { EventNotReadyError } from '../src/errors.js';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { count, deadLettersOnceThere, metricValue, OrderPaid, OrderPlaced, setup, type Env } from './helpers.js';

/** The order must have been placed before it can be paid: a handler that needs an earlier event. */
async function handleOrder(event: Envelope, tx: Queryable): Promise<void> {
  if (event.type === OrderPaid.type) {
    const placed = await tx.query("SELECT 1 FROM effects WHERE note = 'placed:' || $1", [event.subject]);
    if (placed.rowCount === 0) throw new EventNotReadyError(`the placement of order ${event.subject}`);
  }
  await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, `${event.type === OrderPaid.type ? 'paid' : 'placed'}:${event.subject}`]);
}

/** Publishes `def` for order `orderId` through the outbox and a relay, as a service would. */
async function publish(env: Env, def: typeof OrderPlaced | typeof OrderPaid, orderId: string): Promise<void> {
  await enqueue(env.db.pool, 'shop', def, orderId, { orderId, amount: 1 } as never);
  const relay = startRelay({ pool: env.db.pool, bus: env.bus, source: 'shop', log: env.log, registry: env.registry });
  await relay.drainOnce();
  await relay.stop();
}

t.test('when a consumer crashes between two events of one order, then the later one, delivered first, waits for the earlier one instead of being dead-lettered', async (t) => {
  const env = await setup(t, 'consumer_waiting');
  const { db, log, registry } = env;
  await publish(env, OrderPlaced, 'o-1');

  // A replica takes the placement and dies before acking it: its NATS connection and its database
  // sessions end, as with kill -9. The placement comes back only after the ack wait.
  const doomedBus = await connectBus({ url: TEST_NATS_URL, prefix: env.bus.prefix, name: 'doomed-replica' });
  const doomedPool = createPool({ connectionString: db.url, max: 1, applicationName: 'doomed-replica' });
  let fetched!: () => void;
  const placementFetched = new Promise<void>((resolve) => { fetched = resolve; });
  let release!: () => void;
  const hung = new Promise<void>((resolve) => { release = resolve; });
  const ackWaitMs = 2000;
  const doomed = await startConsumer({
    pool: doomedPool, bus: doomedBus, consumer: 'billing', source: 'shop', log, ackWaitMs,
    handle: async () => {
      fetched();
      await hung;
    },
  });
  t.teardown(async () => {
    release();
    await doomed.stop().catch(() => {});
    await doomedPool.end().catch(() => {});
  });
  await placementFetched;
  await doomedBus.close();
  await db.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-replica'");

  // The payment is published meanwhile: the next replica gets it at once, the placement only after
  // the ack wait. With two quick attempts a payment that counted its waits would be dead-lettered.
  await publish(env, OrderPaid, 'o-1');
  const consumer = await startConsumer({
    pool: db.pool, bus: env.bus, consumer: 'billing', source: 'shop', log, registry, ackWaitMs,
    maxDeliver: 2, nakDelayMs: (attempt) => Math.min(400, 50 * attempt), handle: handleOrder,
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await count(db, 'SELECT 1 FROM effects')) === 2, { timeoutMs: 20_000, message: 'both events handled' });

  const { rows } = await db.pool.query<{ note: string }>('SELECT note FROM effects ORDER BY n');
  t.same(rows.map((r) => r.note), ['placed:o-1', 'paid:o-1'], 'the payment took effect after the placement');
  t.same(await listDeadLetters(db.pool, 'billing'), [], 'no dead letter');
  const waits = await metricValue(registry, 'joo_consumer_waits_total', { consumer: 'billing', reason: 'not-ready' });
  t.ok(waits >= 2, `the payment waited ${waits} times, more than maxDeliver`);
  t.equal(await metricValue(registry, 'joo_dead_letters_total'), 0);
  t.equal(await metricValue(registry, 'joo_consumer_failed_total'), 0, 'waiting is not failing (no consumer-failing alert)');
});

t.test('when an event waits longer than maxWaitMs, then it is dead-lettered with the reason it waited', async (t) => {
  const env = await setup(t, 'consumer_wait_limit');
  const { db, bus, log, registry } = env;
  await publish(env, OrderPaid, 'o-2');
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry,
    maxDeliver: 1, maxWaitMs: 500, nakDelayMs: () => 100, handle: handleOrder,
  });
  t.teardown(() => consumer.stop());
  const [letter] = await deadLettersOnceThere(db, 'billing', 'the payment dead-lettered once it waited too long');
  t.match(letter!.error, /waiting for the placement of order o-2/);
  t.ok(await metricValue(registry, 'joo_consumer_waits_total', { reason: 'not-ready' }) >= 1, 'it waited first');
});
