import t from 'tap';
import type { Envelope } from '@joo/contracts';
import { countRoundTrips, eventually } from '@joo/testing';
import { Batches } from '../src/batches.js';
import { startConsumer } from '../src/consumer.js';
import { count, metricValue, publishOrders, setup } from './helpers.js';

/** Settles when `open()` is called: holds a handler until the test has queued more behind it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => { open = r; });
  return { open, opened };
}

t.test('when events queue behind a busy handler, then they are handled together, in order per aggregate, once each', async (t) => {
  const env = await setup(t, 'consumer_batch');
  const { db, bus, log, registry } = env;
  const subjects = Array.from({ length: 40 }, (_, i) => `o-${i % 5}`);
  const envelopes = await publishOrders(env, subjects);
  // The same first event again without a message id: a redelivered copy that may share a batch with the original.
  await bus.js.publish(bus.subjectOf(envelopes[0]!.type), JSON.stringify(envelopes[0]));
  const hold = gate();
  const seen = new Map<string, number[]>();
  const trips = countRoundTrips(db.pool);
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, concurrency: 2, batchSize: 16,
    handle: async (event, tx) => {
      const data = event.data as { orderId: string; amount: number };
      if (data.amount === 0) await hold.opened;
      seen.set(data.orderId, [...(seen.get(data.orderId) ?? []), data.amount]);
      await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, data.orderId]);
    },
  });
  t.teardown(() => consumer.stop());
  // The first event's worker waits; the other worker can take nothing of o-0 meanwhile.
  await new Promise((r) => setTimeout(r, 300));
  t.same(seen.get('o-0'), undefined, 'no later o-0 event overtook the held first one');
  hold.open();
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total')) === 41, { message: 'all handled' });
  const roundTrips = trips.sent.length;

  for (const [orderId, amounts] of seen) t.same(amounts, [...amounts].sort((a, b) => a - b), `${orderId}: in stream order`);
  t.equal(await count(db, 'SELECT 1 FROM effects'), 40, 'one effect per event');
  t.equal(await count(db, 'SELECT DISTINCT event_id FROM effects'), 40);
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'duplicate' }), 1, 'the copy was a duplicate');
  const batches = await metricValue(registry, 'joo_consumer_batch_events', {});
  t.ok(batches > 0, 'some events were handled in batches');
  // One statement per event for the handler, and far fewer than three trips each as alone.
  t.ok(roundTrips < 41 * 3 - 20, `round trips: ${roundTrips} for 41 events (alone: 123)`);
  const info = await bus.jsm.consumers.info(bus.streamName('shop'), 'billing');
  t.equal(info.num_ack_pending + info.num_pending, 0, 'all acked');
});

t.test('when one handler of a batch throws, then the batch is undone and only that event is retried and dead-lettered', async (t) => {
  const env = await setup(t, 'consumer_batch_failure');
  const { db, bus, log, registry } = env;
  const envelopes = await publishOrders(env, Array.from({ length: 12 }, (_, i) => `o-${i}`));
  const poisoned = envelopes[5]!.id;
  const hold = gate();
  let attemptsOfPoisoned = 0;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, batchSize: 32, maxDeliver: 2, nakDelayMs: () => 50,
    handle: async (event, tx) => {
      if ((event.data as { amount: number }).amount === 0) await hold.opened;
      await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, 'x']);
      if (event.id === poisoned) {
        attemptsOfPoisoned += 1;
        throw new Error('cannot handle this one');
      }
    },
  });
  t.teardown(() => consumer.stop());
  await new Promise((r) => setTimeout(r, 200));
  hold.open();
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'processed' })) === 11, { message: 'the others processed' });
  await eventually(async () => (await metricValue(registry, 'joo_dead_letters_total')) === 1, { message: 'dead-lettered' });

  t.equal(await count(db, 'SELECT 1 FROM effects'), 11, 'each other event once; nothing of the failing one');
  t.equal(await count(db, 'SELECT 1 FROM effects WHERE event_id = $1', [poisoned]), 0);
  t.equal(await count(db, 'SELECT 1 FROM dead_letters WHERE event_id = $1', [poisoned]), 1);
  t.ok(attemptsOfPoisoned >= 2, `tried in the batch and alone (${attemptsOfPoisoned} times)`);
  t.ok(log.entries.some((e) => e.msg === 'a batch of events failed; handling them one by one'));
  const attempts = attemptsOfPoisoned;
  await new Promise((r) => setTimeout(r, 300));
  t.equal(attemptsOfPoisoned, attempts, 'the dead-lettered event is not delivered again');
  t.equal((await bus.jsm.consumers.info(bus.streamName('shop'), 'billing')).num_pending, 0, 'nothing left to deliver');
});

t.test('when an event finds an idle consumer that batches, then it is handled alone at once', async (t) => {
  const env = await setup(t, 'consumer_batch_alone');
  const { db, bus, log, registry } = env;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, batchSize: 32,
    handle: async (event, tx) => { await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]); },
  });
  t.teardown(() => consumer.stop());
  await publishOrders(env, ['o-1']);
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total')) === 1, { message: 'handled', timeoutMs: 2000 });
  t.equal(await count(db, 'SELECT 1 FROM effects'), 1);
  t.equal(await metricValue(registry, 'joo_consumer_batch_events', {}), 0, 'no batch was recorded for a lone event');
});

t.test('when items are batched, then a key is never in two batches at once, batches respect the size, and push waits for room', async (t) => {
  const runs: string[][] = [];
  const releases: Array<() => void> = [];
  const batches = new Batches<string>({
    workers: 2, maxBatch: 3, maxQueued: 5, keyOf: (item) => item[0]!,
    run: async (batch) => {
      runs.push(batch);
      await new Promise<void>((r) => releases.push(r));
    },
  });
  await batches.push('a1');
  await batches.push('b1');
  t.same(runs, [['a1'], ['b1']], 'an item finding an idle worker goes alone at once');
  for (const item of ['a2', 'c1', 'a3', 'b2']) await batches.push(item);
  let roomGiven = false;
  const fifth = batches.push('c2').then(() => { roomGiven = true; });
  await new Promise((r) => setImmediate(r));
  t.notOk(roomGiven, 'push waits while maxQueued items wait');

  releases.shift()!(); // a1 done: its worker takes the next batch
  await new Promise((r) => setImmediate(r));
  // b is still held by the other worker, so b2 waits; a2 may go now that a1 is done.
  t.same(runs[2], ['a2', 'c1', 'a3'], 'next batch: in order, up to maxBatch, skipping the busy key b');
  await fifth;
  t.ok(roomGiven);
  releases.shift()!(); // b1 done
  await new Promise((r) => setImmediate(r));
  t.same(runs[3], ['b2'], 'b2 only after b1; c2 held back behind c1');
  releases.shift()!(); // a2,c1,a3 done
  await new Promise((r) => setImmediate(r));
  t.same(runs[4], ['c2']);
  const idle = batches.idle();
  while (releases.length > 0) {
    releases.shift()!();
    await new Promise((r) => setImmediate(r));
  }
  await idle;
  t.same(runs.flat().sort(), ['a1', 'a2', 'a3', 'b1', 'b2', 'c1', 'c2'], 'every item ran once');
  t.throws(() => new Batches({ workers: 0, maxBatch: 1, maxQueued: 1, keyOf: String, run: async () => {} }), /workers must be a positive integer/);
});

t.test('when a batch lingers, then items pushed one by one go together, and a full batch or items that already waited go at once', async (t) => {
  const runs: string[][] = [];
  let release: (() => void) | null = null;
  const batches = new Batches<string>({
    workers: 1, maxBatch: 3, maxQueued: 10, keyOf: (item) => item, lingerMs: 60,
    run: async (batch) => {
      runs.push(batch);
      if (batch.includes('hold')) await new Promise<void>((r) => { release = r; });
    },
  });
  const started = performance.now();
  await batches.push('a');
  await batches.push('b');
  t.same(runs, [], 'nothing runs before the linger is up, though the worker is free');
  await eventually(async () => runs.length === 1, { message: 'the lingered batch', timeoutMs: 5000 });
  t.same(runs[0], ['a', 'b'], 'both went in one batch');
  // Node's timers may fire up to a millisecond early.
  t.ok(performance.now() - started >= 59, 'after the linger');

  for (const item of ['c', 'd', 'e']) await batches.push(item);
  await new Promise((r) => setImmediate(r));
  t.same(runs[1], ['c', 'd', 'e'], 'a full batch does not wait');

  await batches.push('hold');
  await eventually(async () => runs.length === 3, { message: 'the held batch', timeoutMs: 5000 });
  await batches.push('f');
  await new Promise((r) => setTimeout(r, 80));
  t.equal(runs.length, 3, 'f waits for the busy worker');
  release!();
  await new Promise((r) => setImmediate(r));
  t.same(runs[3], ['f'], 'an item that waited out its linger behind a busy worker goes as soon as the worker is free');
  await batches.idle();
  t.throws(() => new Batches({ workers: 1, maxBatch: 1, maxQueued: 1, keyOf: String, run: async () => {}, lingerMs: -1 }), /lingerMs must be 0 or more/);
});

t.test('when a batching consumer lingers, then events that arrive together are handled in one transaction, the first included', async (t) => {
  const env = await setup(t, 'consumer_linger');
  const { db, bus, log, registry } = env;
  await publishOrders(env, ['o-1', 'o-2', 'o-3', 'o-4', 'o-5']);
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, batchSize: 32, lingerMs: 500,
    handle: async (event, tx) => { await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]); },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total')) === 5, { message: 'handled', timeoutMs: 5000 });
  t.equal(await count(db, 'SELECT 1 FROM effects'), 5);
  const histogram = (await registry.getSingleMetric('joo_consumer_batch_events')!.get()).values;
  const value = (suffix: string) => histogram.find((v) => (v as { metricName?: string }).metricName === `joo_consumer_batch_events${suffix}`)?.value;
  t.equal(value('_count'), 1, 'one batch');
  t.equal(value('_sum'), 5, 'of all five: without the linger the first would have gone alone');
});

t.test('when a batching consumer gives its handler as SQL, then a batch costs one round trip, and duplicates and failures take the handler path', async (t) => {
  const env = await setup(t, 'consumer_one_trip');
  const { db, bus, log, registry } = env;
  const envelopes = await publishOrders(env, Array.from({ length: 10 }, (_, i) => `o-${i}`));
  // A copy of an event, and an event whose statement fails (not a uuid). All are in the stream before
  // the consumer starts: the first goes alone, the rest queue behind it and go together.
  await bus.js.publish(bus.subjectOf(envelopes[3]!.type), JSON.stringify(envelopes[3]));
  const failing = envelopes[7]!.id;
  const statementOf = (event: Envelope) => (event.id === failing
    ? `INSERT INTO effects (event_id, note) VALUES ('not-a-uuid', 'x')`
    : `INSERT INTO effects (event_id, note) VALUES ('${event.id}', 'sql')`);
  const trips = countRoundTrips(db.pool);
  const results: Array<{ id: string; rows: number | null }> = [];
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, batchSize: 32, maxDeliver: 1,
    statementOf,
    onStatementResult: (event, result) => { results.push({ id: event.id, rows: result.rowCount }); },
    handle: async (event, tx) => { await tx.query(statementOf(event)); },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total')) + (await metricValue(registry, 'joo_dead_letters_total')) === 11, { message: 'all settled' });

  t.equal(await count(db, 'SELECT 1 FROM effects'), 9, 'one effect for each event but the failing one');
  t.equal(await count(db, 'SELECT DISTINCT event_id FROM effects'), 9);
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'duplicate' }), 1, 'the copy was told apart on the handler path');
  t.equal(await count(db, 'SELECT 1 FROM dead_letters WHERE event_id = $1', [failing]), 1, 'the failing event alone was dead-lettered');
  const oneTrip = trips.sent.filter((sql) => /^BEGIN;\nINSERT INTO inbox \(event_id, consumer\) SELECT unnest[\s\S]*;\nCOMMIT$/.test(sql));
  t.ok(oneTrip.length >= 1, 'batches went as BEGIN, inbox, statements, COMMIT in one message');
  t.ok(oneTrip.some((sql) => (sql.match(/INSERT INTO effects/g) ?? []).length > 1), 'at least one of them held several events');
  t.ok(results.length > 0 && results.every((r) => r.rows === 1), 'each committed statement handed its own result back');
  t.notOk(results.some((r) => r.id === failing), 'never for the failing event');
  t.ok(await metricValue(registry, 'joo_consumer_one_trip_fallbacks_total') >= 1, 'the fallbacks are counted for SREs');
});
