import t from 'tap';
import { eventually } from '@joo/testing';
import { startConsumer } from '../src/consumer.js';
import { Lanes } from '../src/lanes.js';
import { count, metricValue, publishOrders, setup } from './helpers.js';

t.test('when the consumer handles several events at once, then each aggregate keeps its order and each event has one effect', async (t) => {
  const env = await setup(t, 'consumer_lanes');
  const { db, bus, log, registry } = env;
  const subjects = Array.from({ length: 30 }, (_, i) => `o-${i % 4}`);
  const envelopes = await publishOrders(env, subjects);
  const seen = new Map<string, number[]>();
  let running = 0;
  let most = 0;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, concurrency: 3,
    handle: async (event, tx) => {
      running += 1;
      most = Math.max(most, running);
      const data = event.data as { orderId: string; amount: number };
      // Later events of an aggregate finish sooner if they are let to overtake.
      await new Promise((r) => setTimeout(r, 30 - data.amount));
      seen.set(data.orderId, [...(seen.get(data.orderId) ?? []), data.amount]);
      await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, data.orderId]);
      running -= 1;
    },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'processed' })) === 30, { message: 'all handled' });

  for (const [orderId, amounts] of seen) {
    t.same(amounts, [...amounts].sort((a, b) => a - b), `${orderId}: in stream order`);
  }
  t.ok(most > 1, `events of different aggregates overlapped (at most ${most} at once)`);
  t.ok(most <= 3, 'never more than the concurrency');
  t.equal(await count(db, 'SELECT DISTINCT event_id FROM effects'), 30);
  t.equal(await count(db, 'SELECT 1 FROM effects'), 30, 'one effect per event');
  t.same(new Set(envelopes.map((e) => e.id)).size, 30);
  const info = await bus.jsm.consumers.info(bus.streamName('shop'), 'billing');
  t.equal(info.num_ack_pending + info.num_pending, 0, 'all acked');
});

t.test('when a handler commits, then afterCommit runs after the commit and not for duplicates', async (t) => {
  const env = await setup(t, 'consumer_after_commit');
  const { db, bus, log, registry } = env;
  const [event] = await publishOrders(env, ['o-1']);
  // The same event again, outside the de-dup window: delivered twice, handled once.
  await bus.js.publish(bus.subjectOf(event!.type), JSON.stringify(event));
  const committedSeen: number[] = [];
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry,
    handle: async (e, tx) => { await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [e.id]); },
    afterCommit: () => {
      // Another connection sees the effect: the transaction has committed.
      void count(db, 'SELECT 1 FROM effects').then((n) => committedSeen.push(n));
    },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total')) === 2, { message: 'both copies settled' });
  await eventually(async () => committedSeen.length === 1, { message: 'the hook ran' });
  await new Promise((r) => setTimeout(r, 100));
  t.same(committedSeen, [1], 'once, and the effect was visible to another session');
});

t.test('when afterCommit throws, then the event still counts as processed and is not retried', async (t) => {
  const env = await setup(t, 'consumer_after_commit_throws');
  const { db, bus, log, registry } = env;
  await publishOrders(env, ['o-1']);
  let handled = 0;
  const consumer = await startConsumer({
    pool: db.pool, bus, consumer: 'billing', source: 'shop', log, registry, nakDelayMs: () => 20,
    handle: async () => { handled += 1; },
    afterCommit: () => { throw new Error('wake failed'); },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'processed' })) === 1, { message: 'processed' });
  await new Promise((r) => setTimeout(r, 200));
  t.equal(handled, 1, 'not redelivered');
  t.equal(await metricValue(registry, 'joo_consumer_failed_total'), 0);
  t.ok(log.entries.some((e) => e.msg === 'afterCommit hook failed'));
});

t.test('when lanes run tasks, then one key runs in order, other keys side by side, and never more than the limit', async (t) => {
  const trace = () => {
    const order: string[] = [];
    let running = 0;
    const stats = { most: 0 };
    const task = (name: string, ms: number) => async () => {
      running += 1;
      stats.most = Math.max(stats.most, running);
      await new Promise((r) => setTimeout(r, ms));
      order.push(name);
      running -= 1;
    };
    return { order, stats, task };
  };
  const wide = trace();
  const lanes = new Lanes(3);
  await lanes.run('a', wide.task('a1', 30));
  await lanes.run('a', wide.task('a2', 1));
  await lanes.run('b', wide.task('b1', 5));
  await lanes.idle();
  t.same(wide.order, ['b1', 'a1', 'a2'], 'b1 did not wait for a; a2 waited for a1');
  t.equal(wide.stats.most, 2, 'a1 and b1 ran together, a2 only after a1');

  const narrow = trace();
  const one = new Lanes(1);
  await one.run('a', narrow.task('a1', 10));
  await one.run('b', narrow.task('b1', 1));
  await one.idle();
  t.same(narrow.order, ['a1', 'b1']);
  t.equal(narrow.stats.most, 1, 'a limit of 1 is a plain sequence');
  t.throws(() => new Lanes(0), /positive integer/);
});
