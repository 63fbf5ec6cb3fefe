import t from 'tap';
import type { Envelope } from '@joo/contracts';
import { eventually } from '@joo/testing';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { startEphemeralConsumer } from '../src/ephemeral.js';
import { OrderCancelled, OrderPlaced, setup } from './helpers.js';

t.test('when a process without a database consumes, then it sees the history and new events of its types', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'ephemeral');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => relay.stop());
  const old = await enqueue(db.pool, 'shop', OrderCancelled, 'o-1', { orderId: 'o-1' });
  await enqueue(db.pool, 'shop', OrderPlaced, 'o-2', { orderId: 'o-2', amount: 5 });
  await relay.drainOnce();

  const seen: Envelope[] = [];
  let fail = true;
  const consumer = await startEphemeralConsumer({
    bus, source: 'shop', types: [OrderCancelled.type], log, name: 'gateway',
    handle: async (event) => {
      seen.push(event);
      if (fail) {
        fail = false;
        throw new Error('a handler error must not stop the stream');
      }
    },
  });
  t.teardown(() => consumer.stop());
  await eventually(async () => seen.length === 1, { message: 'the history' });
  t.equal(seen[0]!.id, old.id);

  const fresh = await enqueue(db.pool, 'shop', OrderCancelled, 'o-3', { orderId: 'o-3' });
  relay.wake();
  await eventually(async () => seen.length === 2, { message: 'the new event' });
  t.equal(seen[1]!.id, fresh.id);
  t.ok(seen.every((e) => e.type === OrderCancelled.type), 'only the requested type');
  t.ok(log.entries.some((e) => e.level === 'error' && /ephemeral handler failed/.test(e.msg ?? '')), 'the failure was logged');
  const consumers = await bus.jsm.consumers.list(bus.streamName('shop')).next();
  t.ok(consumers.every((c) => c.config.durable_name === undefined), 'no durable consumer was created');
});

t.test('when deliverFrom is new, then history is skipped', async (t) => {
  const { db, bus, log, registry } = await setup(t, 'ephemeral_new');
  const relay = startRelay({ pool: db.pool, bus, source: 'shop', log, registry, pollIntervalMs: 60_000 });
  t.teardown(() => relay.stop());
  await enqueue(db.pool, 'shop', OrderCancelled, 'o-1', { orderId: 'o-1' });
  await relay.drainOnce();
  const seen: string[] = [];
  const consumer = await startEphemeralConsumer({
    bus, source: 'shop', log, deliverFrom: 'new', handle: async (e) => { seen.push(e.subject); },
  });
  t.teardown(() => consumer.stop());
  await enqueue(db.pool, 'shop', OrderCancelled, 'o-2', { orderId: 'o-2' });
  await relay.drainOnce();
  await eventually(async () => seen.length === 1, { message: 'the new event' });
  await new Promise((r) => setTimeout(r, 100));
  t.same(seen, ['o-2']);
});
