import t from 'tap';
import { uuidv7 } from 'uuidv7';
import type { PubAck } from '@nats-io/jetstream';
import { withTransaction } from '@joo/db';
import { countRoundTrips, eventually } from '@joo/testing';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { publishPipelined } from '../src/relay/pipelined.js';
import { count, metricValue, OrderPlaced, setup, streamMessages } from './helpers.js';

const place = (n: number) => ({ orderId: `o-${n}`, amount: n });

t.test('when a batch of rows is published, then the stream holds them in outbox order and each row is marked once', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_batch_order');
  // 40 events over 5 aggregates, interleaved, in one transaction and in several.
  const ids: string[] = [];
  await withTransaction(db.pool, async (tx) => {
    for (let i = 0; i < 20; i++) ids.push((await enqueue(tx, 'shop', OrderPlaced, `o-${i % 5}`, place(i))).id);
  });
  for (let i = 20; i < 40; i++) ids.push((await enqueue(db.pool, 'shop', OrderPlaced, `o-${i % 5}`, place(i))).id);

  const marked: string[] = [];
  const relay = startRelay({
    pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000, batchSize: 16,
    beforeMark: (batch) => { marked.push(...batch); },
  });
  t.teardown(() => relay.stop());
  // The relay's own loop may have drained already; drainOnce runs after any pass in progress.
  await relay.drainOnce();

  t.same(marked, ids, 'every row was handed to the mark once, in outbox order');
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 0);
  t.equal(await metricValue(registry, 'joo_outbox_published_total'), 40);
  t.equal(await metricValue(registry, 'joo_outbox_duplicates_total'), 0, 'nothing was sent twice');
  t.equal(await streamMessages(bus, 'shop'), 40);
  const stored: string[] = [];
  for (let seq = 1; seq <= 40; seq++) {
    const m = await bus.jsm.streams.getMessage(bus.streamName('shop'), { seq });
    stored.push(m!.header.get('Nats-Msg-Id'));
  }
  t.same(stored, ids, 'the stream order is the outbox order');
});

t.test('when a publish fails mid-batch, then no later row of its aggregate is sent, and the rows acked are marked', async (t) => {
  const rows = [
    { id: 'a1', subject: 'a' }, { id: 'b1', subject: 'b' }, { id: 'c1', subject: 'c' },
    { id: 'a2', subject: 'a' }, { id: 'c2', subject: 'c' }, { id: 'd1', subject: 'd' },
  ];
  const sent: string[] = [];
  const ack = { stream: 's', seq: 1, duplicate: false, domain: '' } as PubAck;
  const result = await publishPipelined(rows, async (row) => {
    sent.push(row.id);
    await new Promise((r) => setTimeout(r, row.id === 'c1' ? 5 : 1));
    if (row.id === 'c1') throw new Error('lost in a reconnect');
    return ack;
  });
  t.same(sent, ['a1', 'b1', 'c1'], 'a2 waited for a1, then the failure of c1 stopped the batch');
  t.same(result.acked, ['a1', 'b1'], 'the acked rows are marked');
  t.match(String(result.failure), /lost in a reconnect/);

  const sentAgain: string[] = [];
  const again = await publishPipelined(rows.filter((r) => !result.acked.includes(r.id)), async (row) => {
    sentAgain.push(row.id);
    return ack;
  });
  t.same(again.acked, ['c1', 'a2', 'c2', 'd1'], 'the next pass publishes the rest in order');
  t.same(sentAgain, ['c1', 'a2', 'c2', 'd1']);
});

t.test('when rows of different aggregates are pending, then they are in flight together', async (t) => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: uuidv7(), subject: `s-${i}` }));
  let inFlight = 0;
  let most = 0;
  const { acked } = await publishPipelined(rows, async () => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight -= 1;
    return { stream: 's', seq: 1, duplicate: false, domain: '' } as PubAck;
  });
  t.equal(acked.length, 10);
  t.equal(most, 10, 'no publish waited for another’s ack');
});

t.test('when the relay publishes batch after batch, then each pass is one round trip: it marks the last batch as it reads the next', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_batch_trips');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000, batchSize: 2 });
  t.teardown(() => relay.stop());
  await relay.drainOnce();
  for (let i = 0; i < 3; i++) await enqueue(db.pool, 'shop', OrderPlaced, `o-${i}`, place(i));
  const trips = countRoundTrips(db.pool);
  t.equal(await relay.drainOnce(), 3);
  // The backlog gauge is read beside the passes at most once a second, not per batch.
  const batch = trips.sent.filter((sql) => !sql.includes('count(*)'));
  const markAndRead = /marked AS \(UPDATE outbox SET published_at[\s\S]*SELECT id, subject, envelope FROM outbox/;
  t.match(batch, [markAndRead, markAndRead, /^WITH async_commit[\s\S]*UPDATE outbox SET published_at/],
    'two rows, then one row with the two marked; drainOnce marks the last itself');
  t.equal(batch.length, 3, 'three round trips for two batches, where reading and marking each would take four');
  t.equal(await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NULL'), 0);
  t.equal(await streamMessages(bus, 'shop'), 3);
});

t.test('when no pass follows, then the relay marks what it published within a moment', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'relay_batch_mark_idle');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => relay.stop());
  await relay.drainOnce();
  await enqueue(db.pool, 'shop', OrderPlaced, 'o-1', place(1));
  const trips = countRoundTrips(db.pool);
  relay.wake();
  await eventually(async () =>
    (await count(db, 'SELECT 1 FROM outbox WHERE published_at IS NOT NULL')) === 1, { message: 'published and marked long before the next poll', timeoutMs: 3000 });
  t.equal(await streamMessages(bus, 'shop'), 1);
  t.ok(trips.sent.filter((sql) => sql.includes('SELECT id, subject, envelope')).length <= 3, 'by a pass soon after, not by polling');
});
