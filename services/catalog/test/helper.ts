import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { connectBus, publishEnvelope, startRelay, type Bus } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import type { Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testBus, testDatabase, testIssuer, testLogger, testLogLevel, type TestIssuer, type Teardown } from '@joo/testing';
import { buildApp } from '../src/app.js';
import type { CatalogContext } from '../src/context.js';
import { startCatalogConsumers } from '../src/events/consumers.js';
import { catalogMigrations } from '../src/migrations.js';
import { seed } from '../src/seed.js';

export { PREMIUM_PACKAGE_ID, STANDARD_PACKAGE_ID } from '../src/seed.js';
export const PUBLIC_BASE = 'https://joo.test';
export const PLAYBACK_KEY = randomBytes(32).toString('base64');

export interface Built {
  app: App;
  ctx: CatalogContext;
  pool: Pool;
  issuer: TestIssuer;
  /** the test clock: `clock.set(date)`; null means the real time */
  clock: { now: Date | null; set(date: Date | null): void };
  outboxWrites: () => number;
  /** `authorization` header of a signed-in user */
  as(userId: string, roles?: string[]): { authorization: string };
}

/** A migrated, seeded database, a token issuer and the app; all closed and dropped after the test. */
export async function build(t: Teardown, options: { now?: Date; seed?: boolean } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await catalogMigrations(), label: 'catalog', poolSize: 3 });
  const issuer = await testIssuer(t);
  const clock = { now: options.now ?? null, set(date: Date | null) { this.now = date; } };
  let writes = 0;
  const { app, ctx } = await buildApp({
    pool: db.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, playbackSigningKey: PLAYBACK_KEY, publicBaseUrl: PUBLIC_BASE, logLevel: testLogLevel(),
    clock: () => clock.now ?? new Date(), onOutboxWrite: () => { writes += 1; },
  });
  t.teardown(() => app.close());
  if (options.seed !== false) await seed(db.pool, new Date('2026-01-01T00:00:00Z'));
  return {
    app, ctx, pool: db.pool, issuer, clock, outboxWrites: () => writes,
    as: (userId, roles = ['student']) => ({ authorization: `Bearer ${issuer.sign({ sub: userId, sid: uuidv7(), roles })}` }),
  };
}

export interface Wired {
  bus: Bus;
  /** Publishes an event as its service would (own stream, Nats-Msg-Id = event id); returns the envelope id. */
  publish<D extends EventDefinition>(def: D, subject: string, data: EventData<D>, id?: string): Promise<string>;
}

/** The app's consumers and outbox relay on a bus prefix unique to this test. */
export async function wire(t: Teardown, built: Built): Promise<Wired> {
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'catalog-test' });
  await bus.ensureStream('catalog');
  const consumers = await startCatalogConsumers(built.ctx, bus, testLogger(), built.app.metrics, { maxDeliver: 2, nakDelayMs: () => 50 });
  const relay = startRelay({ pool: built.pool, bus, source: 'catalog', log: testLogger(), pollIntervalMs: 200 });
  built.ctx.onOutboxWrite = () => relay.wake();
  t.teardown(async () => {
    for (const c of consumers) await c.stop();
    await relay.stop();
    await bus.close();
  });
  return {
    bus,
    async publish(def, subject, data, id = uuidv7()) {
      await bus.ensureStream(def.source);
      await publishEnvelope(bus, { id, type: def.type, source: def.source, time: new Date().toISOString(), subject, data });
      return id;
    },
  };
}

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string, subject?: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await pool.query<{ envelope: { data: Record<string, unknown> } }>(
    'SELECT envelope FROM outbox WHERE type = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY created_at, id', [type, subject ?? null]);
  return rows.map((r) => r.envelope.data);
}

/** A metric's value in the service's registry, what its metrics port serves: the sum of its series that match `labels` (0 when none). */
export async function metric(app: App, name: string, labels = ''): Promise<number> {
  const text = await app.metrics.metrics();
  // every series also carries the default label service="catalog"
  return text.split('\n').filter((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(labels))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}
