import { enqueue, startConsumer, startRelay, type ConsumerHandle, type EventHandler } from '@joo/bus';
import type { Envelope } from '@joo/contracts';
import { createService, type App } from '@joo/service-kit';
import { eventually, testIssuer, testLogLevel, TEST_AUDIENCE, TEST_ISSUER, type TestIssuer } from '@joo/testing';
import { deadLetterRoutes } from '../src/dead-letter-routes.js';
// The bus package's own test set-up: a database with the bus tables and an `effects` table, a bus
// on a unique prefix, a log, and the `shop` events.
import { OrderPlaced, setup, type Env } from '../../bus/test/helpers.js';

export { count, OrderPlaced } from '../../bus/test/helpers.js';

type Teardown = Parameters<typeof setup>[0];

/** `billing` consuming `shop` events, with the dead-letter routes on an app that verifies tokens. */
export interface World extends Env {
  app: App;
  issuer: TestIssuer;
  /** Times the routes reported an applied replay (the process wakes its relay there). */
  applied: { count: number };
  admin: string;
  student: string;
}

export const BASE = '/v1/billing/admin/dead-letters';

export async function world(t: Teardown, label: string): Promise<World> {
  const env = await setup(t, label);
  const issuer = await testIssuer(t);
  const app = await createService({
    name: 'billing',
    logLevel: testLogLevel(),
    auth: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: { jwksUrl: issuer.jwksUrl } },
  });
  const applied = { count: 0 };
  deadLetterRoutes(app, { pool: env.db.pool, service: 'billing', onApplied: () => { applied.count += 1; } });
  t.teardown(() => app.close());
  return {
    ...env, app, issuer, applied,
    admin: issuer.sign({ sub: 'u-admin', sid: 's-admin', roles: ['admin'] }),
    student: issuer.sign({ sub: 'u-student', sid: 's-student', roles: ['student'] }),
  };
}

/** Publishes an order through the outbox and a relay, as the shop service would. */
export async function publishOrder(w: World, orderId: string): Promise<Envelope> {
  const relay = startRelay({ pool: w.db.pool, bus: w.bus, source: 'shop', log: w.log, registry: w.registry });
  const event = await enqueue(w.db.pool, 'shop', OrderPlaced, orderId, { orderId, amount: 1 });
  await relay.drainOnce();
  await relay.stop();
  return event;
}

/** billing's consumer of shop events: two deliveries 20 ms apart, then dead_letters. */
export async function startBilling(t: Teardown, w: World, handle: EventHandler): Promise<ConsumerHandle> {
  const consumer = await startConsumer({
    pool: w.db.pool, bus: w.bus, consumer: 'billing', source: 'shop', log: w.log, registry: w.registry,
    maxDeliver: 2, nakDelayMs: () => 20, handle,
  });
  t.teardown(() => consumer.stop());
  return consumer;
}

/** Waits for the dead letter of `eventId` and returns its id. */
export async function deadLetterOf(w: World, eventId: string): Promise<string> {
  return eventually(async () => {
    const { rows } = await w.db.pool.query<{ id: string }>('SELECT id FROM dead_letters WHERE event_id = $1', [eventId]);
    return rows[0]?.id;
  }, { message: `a dead letter of ${eventId}` });
}

/** A handler that fails while `state.broken`, else records its effect. */
export function flakyHandler(state: { broken: boolean; calls: number }): EventHandler {
  return async (event, tx) => {
    state.calls += 1;
    if (state.broken) throw new Error(`price list missing for ${event.subject}`);
    await tx.query('INSERT INTO effects (event_id, note) VALUES ($1, $2)', [event.id, event.type]);
  };
}
