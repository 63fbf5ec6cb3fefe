import t from 'tap';
import type { Envelope } from '@joo/contracts';
import { countRoundTrips, eventually } from '@joo/testing';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { startConsumer } from '../src/consumer.js';
import { listDeadLetters, replayDeadLetter } from '../src/dead-letters.js';
import { DeadLetterError } from '../src/errors.js';
import { count, deadLettersOnceThere, metricValue, OrderCancelled, OrderPaid, OrderPlaced, setup, type Env } from './helpers.js';

/** Events straight into the outbox and out through a relay, as a service would publish them. */
async function publish(env: Env, events: [typeof OrderPlaced | typeof OrderPaid | typeof OrderCancelled, string][]) {
  const relay = startRelay({ pool: env.db.pool, bus: env.bus, source: 'shop', log: env.log, registry: env.registry });
  const envelopes: Envelope[] = [];
  for (const [def, orderId] of events) {
    envelopes.push(await enqueue(env.db.pool, 'shop', def, orderId, { orderId, amount: 1 } as never));
  }
  await relay.drainOnce();
  await relay.stop();
  return envelopes;
}

const recordEffect = async (event: Envelope, tx: { query: (sql: string, p: unknown[]) => Promise<unknown> }) => {
  await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, event.type]);
};

t.test('when the same event is delivered twice, then its effect happens once', async (t) => {
  const env = await setup(t, 'consumer_dup');
  const { db, bus, log, registry } = env;
  const [event] = await publish(env, [[OrderPlaced, 'o-1']]);
  // A copy outside the de-dup window (no Nats-Msg-Id): the stream now holds the event twice.
  await bus.js.publish(bus.subjectOf(event!.type), JSON.stringify(event));
  t.equal((await bus.jsm.streams.info(bus.streamName('shop'))).state.messages, 2);

  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, handle: recordEffect,
  });
  t.teardown(() => consumer.stop());
  await eventually(async () =>
    (await metricValue(registry, 'joo_consumer_processed_total', { consumer: 'billing' })) === 2, { message: 'both copies acked' });

  t.equal(await count(db, 'SELECT 1 FROM effects WHERE event_id = $1', [event!.id]), 1, 'one effect');
  t.equal(await count(db, "SELECT 1 FROM inbox WHERE consumer = 'billing'"), 1, 'one inbox row');
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'duplicate' }), 1);
  const info = await bus.jsm.consumers.info(bus.streamName('shop'), 'billing');
  t.equal(info.num_ack_pending + info.num_pending, 0, 'nothing left to deliver');
});

t.test('when an event is handled, then its inbox row travels with BEGIN: three round trips, two for a duplicate', async (t) => {
  const env = await setup(t, 'consumer_round_trips');
  const { db, bus, log, registry } = env;
  const [event] = await publish(env, [[OrderPlaced, 'o-1']]);
  await bus.js.publish(bus.subjectOf(event!.type), JSON.stringify(event));
  const trips = countRoundTrips(db.pool);

  const consumer = await startConsumer({ pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, handle: recordEffect });
  t.teardown(() => consumer.stop());
  await eventually(async () =>
    (await metricValue(registry, 'joo_consumer_processed_total', { consumer: 'billing' })) === 2, { message: 'both copies acked' });

  const withBegin = /^BEGIN;\nINSERT INTO inbox \(event_id, consumer\) VALUES \(\('[0-9a-f-]{36}'::uuid\), \('billing'::text\)\) ON CONFLICT DO NOTHING$/;
  t.match(trips.sent, [withBegin, /^INSERT INTO effects/, /^COMMIT$/, withBegin, /^COMMIT$/]);
  t.equal(trips.sent.length, 5);
  t.same(trips.transactions, [{ roundTrips: 3, committed: true }, { roundTrips: 2, committed: true }]);
  t.equal(await count(db, 'SELECT 1 FROM effects WHERE event_id = $1', [event!.id]), 1, 'and the effect happened once');
});

t.test('when types lists several events, then only those are handled and the rest are acked', async (t) => {
  const env = await setup(t, 'consumer_types');
  const { db, bus, log, registry } = env;
  await publish(env, [[OrderPlaced, 'o-1'], [OrderCancelled, 'o-1'], [OrderPaid, 'o-1']]);
  const seen: string[] = [];
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'mailer', source: 'shop', log, registry,
    types: [OrderPlaced.type, OrderPaid.type],
    handle: async (event, tx) => {
      seen.push(event.type);
      await recordEffect(event, tx);
    },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () =>
    (await metricValue(registry, 'joo_consumer_processed_total', { consumer: 'mailer' })) === 3, { message: 'all three acked' });
  t.same(seen, [OrderPlaced.type, OrderPaid.type]);
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'skipped' }), 1);
  t.equal(await count(db, 'SELECT 1 FROM effects'), 2);
});

t.test('when the handler always throws, then the event is dead-lettered after maxDeliver and replay runs it', async (t) => {
  const env = await setup(t, 'consumer_dlq');
  const { db, bus, log, registry } = env;
  const [event] = await publish(env, [[OrderPlaced, 'o-1']]);
  let attempts = 0;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry,
    maxDeliver: 3,
    nakDelayMs: (attempt) => 20 * attempt,
    handle: async (e, tx) => {
      attempts += 1;
      await recordEffect(e, tx); // rolled back with the failure
      throw new Error(`provider down (attempt ${attempts})`);
    },
  });
  t.teardown(() => consumer.stop());
  const [letter] = await deadLettersOnceThere(db, 'billing');
  t.equal(letter!.eventId, event!.id);
  t.equal(letter!.eventType, OrderPlaced.type);
  t.equal(letter!.attempts, 3);
  t.match(letter!.error, /provider down \(attempt 3\)/);
  t.same(letter!.envelope, event, 'the whole envelope is kept');
  t.equal(attempts, 3);
  t.equal(await metricValue(registry, 'joo_dead_letters_total', { consumer: 'billing' }), 1);
  t.equal(await metricValue(registry, 'joo_consumer_failed_total', { consumer: 'billing' }), 3);
  t.equal(await count(db, 'SELECT 1 FROM effects'), 0, 'failed attempts left no effect');
  t.equal(await count(db, 'SELECT 1 FROM inbox'), 0, 'nor an inbox row');
  await new Promise((r) => setTimeout(r, 300));
  t.equal(attempts, 3, 'the terminated message is not delivered again');
  await consumer.stop();

  await t.rejects(
    replayDeadLetter({ pool: db.pool, consumer: 'billing', id: letter!.id, handle: async () => { throw new Error('still down'); } }),
    /still down/,
  );
  const [stillOpen] = await listDeadLetters(db.pool, 'billing');
  t.equal(stillOpen?.attempts, 4, 'a failed replay counts as one more attempt');
  t.match(stillOpen?.error, /still down/);

  const outcome = await replayDeadLetter({ pool: db.pool, consumer: 'billing', id: letter!.id, handle: recordEffect });
  t.equal(outcome, 'processed');
  t.equal(await count(db, 'SELECT 1 FROM effects WHERE event_id = $1', [event!.id]), 1, 'the replay had its effect');
  t.equal(await count(db, 'SELECT 1 FROM inbox WHERE event_id = $1', [event!.id]), 1);
  t.same(await listDeadLetters(db.pool, 'billing'), [], 'no open dead letters');
  const [replayed] = await listDeadLetters(db.pool, 'billing', { includeReplayed: true });
  t.type(replayed?.replayedAt, Date, 'marked replayed');
  await t.rejects(
    replayDeadLetter({ pool: db.pool, consumer: 'billing', id: letter!.id, handle: recordEffect }),
    DeadLetterError,
    'a letter is replayed once',
  );
});

t.test('when a message is not an envelope, then it is dead-lettered at once', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'consumer_poison');
  await bus.ensureStream('shop');
  await bus.js.publish(bus.subjectOf(OrderPlaced.type), 'not json at all');
  await bus.js.publish(bus.subjectOf(OrderPlaced.type), JSON.stringify({ id: 'x', type: 'nope' }));
  let calls = 0;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry,
    handle: async () => { calls += 1; },
  });
  t.teardown(() => consumer.stop());
  const letters = await eventually(async () => {
    const l = await listDeadLetters(db.pool, 'billing');
    return l.length === 2 && l;
  }, { message: 'two dead letters' });
  t.equal(calls, 0);
  t.same(letters.map((l) => l.attempts), [1, 1]);
  t.same(letters.map((l) => l.eventType), [null, null]);
  t.ok(letters.some((l) => (l.envelope as { raw: string }).raw === 'not json at all'));
});

t.test('when the consumer restarts, then it resumes where it left off', async (t) => {
  const env = await setup(t, 'consumer_resume');
  const { db, bus, log, registry } = env;
  await publish(env, [[OrderPlaced, 'o-1']]);
  const options = { pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, handle: recordEffect };
  const first = await startConsumer(options);
  await eventually(async () => (await count(db, 'SELECT 1 FROM effects')) === 1, { message: 'first handled' });
  await first.stop();
  await publish(env, [[OrderPlaced, 'o-2']]);
  const second = await startConsumer(options);
  t.teardown(() => second.stop());
  await eventually(async () => (await count(db, 'SELECT 1 FROM effects')) === 2, { message: 'second handled' });
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'duplicate' }), 0, 'nothing redelivered');
  t.equal(await count(db, 'SELECT 1 FROM effects'), 2);
});

t.test('when the durable consumer is deleted under it, then it is recreated and the replayed history has no effect', async (t) => {
  const env = await setup(t, 'consumer_deleted');
  const { db, bus, log, registry } = env;
  await publish(env, [[OrderPlaced, 'o-1']]);
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, handle: recordEffect,
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await count(db, 'SELECT 1 FROM effects')) === 1, { message: 'first handled' });

  await bus.jsm.consumers.delete(bus.streamName('shop'), 'billing');
  await publish(env, [[OrderPlaced, 'o-2']]);
  await eventually(async () => (await count(db, 'SELECT 1 FROM effects')) === 2, { message: 'second handled', timeoutMs: 20_000 });
  t.ok(log.entries.some((e) => /durable consumer is gone/.test(e.msg ?? '')), 'the loss was noticed and logged');
  await eventually(async () =>
    (await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'duplicate' })) === 1, { message: 'the history was redelivered and skipped' });
  t.equal(await count(db, 'SELECT 1 FROM effects'), 2, 'each event had its effect once');
});
