import { Type } from 'typebox';
import { Registry } from 'prom-client';
import { defineEvent, type Envelope } from '@joo/contracts';
import type { Migration } from '@joo/db';
import { eventually, testBus, testDatabase, testLogger, type Teardown, type TestDatabase } from '@joo/testing';
import { busMigrations } from '../src/migrations.js';
import { connectBus, type Bus } from '../src/connection.js';
import { listDeadLetters, type DeadLetter } from '../src/dead-letters.js';
import type { BusLogger } from '../src/log.js';
import { enqueue } from '../src/outbox.js';
import { startRelay } from '../src/relay.js';

export const OrderPlaced = defineEvent('shop', 'shop.order.placed.v1', { description: 'An order was placed.', subject: 'orderId' }, Type.Object({
  orderId: Type.String(),
  amount: Type.Integer({ minimum: 0 }),
}));
export const OrderCancelled = defineEvent('shop', 'shop.order.cancelled.v1', { description: 'An order was cancelled.', subject: 'orderId' }, Type.Object({ orderId: Type.String() }));
export const OrderPaid = defineEvent('shop', 'shop.order.paid.v1', { description: 'An order was paid.', subject: 'orderId' }, Type.Object({ orderId: Type.String() }));

/** A table a test handler writes to, without a unique key, so a second run would show. */
const effects: Migration = {
  name: '001_test_effects.sql',
  sql: 'CREATE TABLE effects (n serial PRIMARY KEY, event_id uuid NOT NULL, note text)',
};

export interface Env {
  db: TestDatabase;
  bus: Bus;
  log: TestLog;
  registry: Registry;
}

/** A fresh database with the bus tables, a bus on a unique prefix, a log and a metrics registry. */
export async function setup(t: Teardown, label: string): Promise<Env> {
  const db = await testDatabase(t, { migrations: [...busMigrations, effects], label });
  const tb = await testBus(t);
  const bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: `bus-test-${label}` });
  t.teardown(() => bus.close());
  return { db, bus, log: testLog(), registry: new Registry() };
}

export interface TestLog extends BusLogger {
  entries: { level: string; msg?: string; [k: string]: unknown }[];
}

/** Records every entry for the test to look at, and prints what TEST_LOG_LEVEL lets through. */
export function testLog(): TestLog {
  const entries: TestLog['entries'] = [];
  const print = testLogger();
  const at = (level: keyof BusLogger) => (obj: object, msg?: string) => {
    entries.push({ level, msg, ...obj });
    print[level](obj, msg);
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export async function streamMessages(bus: Bus, source: string): Promise<number> {
  return (await bus.jsm.streams.info(bus.streamName(source))).state.messages;
}

export async function count(db: TestDatabase, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0]!.n;
}

/** Sum of a metric's values matching `labels` (all series when omitted). */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Orders placed through the outbox of 'shop' (amount = position) and published by a relay. */
export async function publishOrders(env: Env, subjects: string[]): Promise<Envelope[]> {
  const envelopes: Envelope[] = [];
  for (const [i, orderId] of subjects.entries()) {
    envelopes.push(await enqueue(env.db.pool, 'shop', OrderPlaced, orderId, { orderId, amount: i }));
  }
  const relay = startRelay({ pool: env.db.pool, bus: env.bus, source: 'shop', log: env.log, registry: env.registry });
  await relay.drainOnce();
  await relay.stop();
  return envelopes;
}

/** The open dead letters of `consumer`, once there is one. */
export function deadLettersOnceThere(db: TestDatabase, consumer: string, message = 'a dead letter'): Promise<DeadLetter[]> {
  return eventually(async () => {
    const letters = await listDeadLetters(db.pool, consumer);
    return letters.length > 0 && letters;
  }, { message });
}
