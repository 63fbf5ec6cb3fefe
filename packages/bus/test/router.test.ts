import t from 'tap';
import { Type } from 'typebox';
import { defineEvent, type Envelope } from '@joo/contracts';
import { withTransaction } from '@joo/db';
import { eventually } from '@joo/testing';
import { startConsumer } from '../src/consumer.js';
import { listDeadLetters } from '../src/dead-letters.js';
import { EventValidationError } from '../src/errors.js';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';
import { eventRouter } from '../src/router.js';
import { count, metricValue, OrderCancelled, OrderPaid, OrderPlaced, setup, type Env } from './helpers.js';

const ParcelShipped = defineEvent('depot', 'depot.parcel.shipped.v1', { description: 'A parcel left the depot.', subject: 'parcelId' },
  Type.Object({ parcelId: Type.String() }));

const nothing = async () => {};

/** Events through the outbox and a relay, as a service publishes them, then `extra` as raw messages. */
async function publish(env: Env, events: Array<[typeof OrderPlaced | typeof OrderPaid | typeof OrderCancelled, string]>, extra: Envelope[] = []) {
  const envelopes: Envelope[] = [];
  for (const [def, orderId] of events) envelopes.push(await enqueue(env.db.pool, 'shop', def, orderId, { orderId, amount: 7 }));
  const relay = startRelay({ pool: env.db.pool, bus: env.bus, source: 'shop', log: env.log, registry: env.registry });
  await relay.drainOnce();
  await relay.stop();
  for (const e of extra) await env.bus.js.publish(env.bus.subjectOf(e.type), JSON.stringify(e));
  return envelopes;
}

t.test('when routes are added, then the router derives the types and sources its consumers read', async (t) => {
  const router = eventRouter().on(OrderPlaced, nothing).on(ParcelShipped, nothing).on(OrderPaid, nothing);
  t.same(router.types, [OrderPlaced.type, ParcelShipped.type, OrderPaid.type]);
  t.same(router.sources, ['shop', 'depot']);
  t.same(router.consumer('shop').types, [OrderPlaced.type, OrderPaid.type]);
  t.same(router.consumer('depot').source, 'depot');
  t.throws(() => router.consumer(), /name the source: the routes read shop, depot/);
  t.throws(() => router.consumer('mill'), /no route for an event of mill/);
  t.throws(() => router.on(OrderPaid, nothing), /shop.order.paid.v1 already has a route/);
  t.notOk('statementOf' in router.consumer('shop'), 'no statements, no one-trip path');
});

t.test('when only some routes of a source have a statement, then its consumer cannot be made', async (t) => {
  const router = eventRouter().on(OrderPlaced, nothing, { statement: () => null }).on(OrderPaid, nothing);
  t.throws(() => router.consumer(), /shop.order.paid.v1: no statement, unlike the other routes of shop/);
});

// The type check is `tsc -p tsconfig.json` (pnpm lint, part of pnpm test): the @ts-expect-error
// line fails it when a field the schema lacks compiles.
t.test('when handlers are typed by their event, then a field the schema lacks does not compile', async (t) => {
  const router = eventRouter().on(OrderPlaced, async (data, envelope) => {
    const amount: number = data.amount;
    const type: 'shop.order.placed.v1' = envelope.type;
    // @ts-expect-error not a field of shop.order.placed.v1
    void data.parcelId;
    void [amount, type];
  });
  t.same(router.types, [OrderPlaced.type], 'the typed route is registered for its event');
});

t.test('when a consumer runs on a router, then routed events get typed data, a bad payload is dead-lettered and other types are skipped', async (t) => {
  const env = await setup(t, 'router_consumer');
  const { db, bus, log, registry } = env;
  const seen: string[] = [];
  const router = eventRouter()
    .on(OrderPlaced, async (data, envelope, tx) => {
      seen.push(`placed ${data.orderId} ${data.amount}`);
      await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [envelope.id, `placed ${data.amount}`]);
    })
    .on(OrderPaid, async (data) => { seen.push(`paid ${data.orderId}`); });
  const [placed] = await publish(env, [[OrderPlaced, 'o-1'], [OrderCancelled, 'o-2'], [OrderPaid, 'o-3']]);
  const bad: Envelope = { ...placed!, id: '0190a5b0-0000-7000-8000-000000000001', subject: 'o-4', data: { orderId: 'o-4', amount: -1 } };
  await publish(env, [], [bad]);

  const consumer = await startConsumer({ pool: db.pool, bus, consumer: 'mailer', ...router.consumer(), log, registry, maxDeliver: 1 });
  t.teardown(() => consumer.stop());
  await eventually(async () =>
    (await metricValue(registry, 'joo_consumer_processed_total')) + (await metricValue(registry, 'joo_dead_letters_total')) === 4, { message: 'all four settled' });

  t.same(seen.sort(), ['paid o-3', 'placed o-1 7']);
  t.equal(await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'skipped' }), 1, 'the cancellation, which has no route');
  t.equal(await count(db, 'SELECT 1 FROM effects'), 1);
  const [letter, ...others] = await listDeadLetters(db.pool, 'mailer');
  t.equal(others.length, 0);
  t.equal(letter?.eventId, bad.id);
  t.match(letter?.error, /shop.order.placed.v1 does not match its schema: \/amount/);
});

t.test('when the router handles an event directly, then an unrouted type is skipped and a bad payload is refused', async (t) => {
  const env = await setup(t, 'router_handle');
  const router = eventRouter().on(OrderPlaced, async (data, envelope, tx) => {
    await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [envelope.id, data.orderId]);
  });
  const [placed, cancelled] = await publish(env, [[OrderPlaced, 'o-1'], [OrderCancelled, 'o-1']]);
  await withTransaction(env.db.pool, (tx) => router.handle(cancelled!, tx));
  t.equal(await count(env.db, 'SELECT 1 FROM effects'), 0, 'nothing for the unrouted type');
  const error = await withTransaction(env.db.pool, (tx) => router.handle({ ...placed!, data: { orderId: 1 } }, tx)).catch((e: unknown) => e);
  t.type(error, EventValidationError);
  t.equal(await count(env.db, 'SELECT 1 FROM effects'), 0, 'nothing for the bad payload');
  await withTransaction(env.db.pool, (tx) => router.handle(placed!, tx));
  t.equal(await count(env.db, 'SELECT 1 FROM effects'), 1);
});

t.test('when a route tolerates a field, then an event wrong only there is handled, and one wrong elsewhere is refused', async (t) => {
  const env = await setup(t, 'router_tolerate');
  const amounts: number[] = [];
  const router = eventRouter().on(OrderPlaced, async (data) => { amounts.push(data.amount); }, { tolerate: ['/amount'] });
  const [placed] = await publish(env, [[OrderPlaced, 'o-1']]);
  await withTransaction(env.db.pool, (tx) => router.handle({ ...placed!, data: { orderId: 'o-1', amount: -3 } }, tx));
  t.same(amounts, [-3]);
  const error = await withTransaction(env.db.pool, (tx) => router.handle({ ...placed!, data: { orderId: 4, amount: -3 } }, tx)).catch((e: unknown) => e);
  t.match(error, { name: 'EventValidationError', errors: [{ path: '/orderId' }] });
  t.same(amounts, [-3]);
});

t.test('when routes have statements, then batches go in one round trip and each result comes back with its typed data', async (t) => {
  const env = await setup(t, 'router_statement');
  const { db, bus, log, registry } = env;
  const sqlOf = (amount: number, envelope: Envelope) => `INSERT INTO effects (event_id, note) VALUES ('${envelope.id}', 'amount ${amount}')`;
  const results: string[] = [];
  const router = eventRouter()
    .on(OrderPlaced, async (data, envelope, tx) => { await tx.query(sqlOf(data.amount, envelope)); }, {
      statement: (data, envelope) => sqlOf(data.amount, envelope),
      onStatementResult: (data, result) => { results.push(`${data.orderId}: ${result.rowCount}`); },
    })
    .on(OrderPaid, nothing, { statement: () => null });
  await publish(env, [[OrderPlaced, 'o-1'], [OrderPlaced, 'o-2'], [OrderPaid, 'o-1'], [OrderPlaced, 'o-3']]);

  const consumer = await startConsumer({ pool: db.pool, bus, consumer: 'mailer', ...router.consumer(), log, registry, batchSize: 32, lingerMs: 200 });
  t.teardown(() => consumer.stop());
  await eventually(async () => (await metricValue(registry, 'joo_consumer_processed_total', { outcome: 'processed' })) === 4, { message: 'all four processed' });

  t.equal(await count(db, "SELECT 1 FROM effects WHERE note = 'amount 7'"), 3);
  t.equal(await metricValue(registry, 'joo_consumer_one_trip_fallbacks_total'), 0, 'no batch fell back to the handlers');
  t.same(results.sort(), ['o-1: 1', 'o-2: 1', 'o-3: 1']);
});
