import { connectBus, publishEnvelope, type Bus } from '@joo/bus';
import type { Envelope, EventData, EventDefinition } from '@joo/contracts';
import type { Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { fakeSendGrid, fakeTwilio, testBus, testDatabase, testIssuer, testLogLevel, type FakeSendGrid, type FakeTwilio, type TestIssuer, type Teardown } from '@joo/testing';
import { Registry } from 'prom-client';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../src/app.js';
import type { NotificationsContext } from '../src/context.js';
import { startDeliveryWorker, type DeliveryHooks, type DeliveryOptions, type DeliveryWorker } from '../src/delivery/worker.js';
import { notificationsMigrations } from '../src/migrations.js';
import { createSenders } from '../src/senders.js';
import { loadTemplates, type Templates } from '../src/template-store.js';
import { expandDueBroadcasts } from '../src/usecases/broadcasts.js';

export const AUTH_TOKEN = 'test-twilio-auth-token';
export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const PUBLIC_BASE_URL = 'https://notify.joo.test';

let templates: Promise<Templates> | undefined;

export interface Built {
  app: App;
  ctx: NotificationsContext;
  pool: Pool;
  issuer: TestIssuer;
  sendgrid: FakeSendGrid;
  twilio: FakeTwilio;
  clock: { now: Date; set(date: Date): void; advance(ms: number): void };
  /** a delivery worker that runs only when asked (`worker.runOnce()`); `newWorker` plays a restart */
  worker: DeliveryWorker;
  newWorker(hooks?: DeliveryHooks): DeliveryWorker;
  /** delivery rounds until nothing is due */
  drain(): Promise<number>;
  admin: Record<string, string>;
  bearerOf(userId: string, roles?: string[]): Record<string, string>;
}

export const DELIVERY: DeliveryOptions = { concurrency: 8, maxAttempts: 4, retryBaseMs: 1000, retryMaxMs: 60_000, pollMs: 50, leaseMs: 30_000 };

/** A migrated test database, fake SendGrid and Twilio, a token issuer, the app and a hand-driven delivery worker. */
export async function build(t: Teardown, options: { now?: Date; timeoutMs?: number } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await notificationsMigrations(), label: 'notifications', poolSize: 3 });
  const issuer = await testIssuer(t);
  const sendgrid = await fakeSendGrid(t);
  const twilio = await fakeTwilio(t);
  const clock = {
    now: options.now ?? new Date(),
    set(date: Date) { this.now = date; },
    advance(ms: number) { this.now = new Date(this.now.getTime() + ms); },
  };
  templates ??= loadTemplates();
  const { app, ctx } = await buildApp({
    pool: db.pool, auth: { keys: { jwksUrl: issuer.jwksUrl } }, logLevel: testLogLevel(), clock: () => clock.now, templates: await templates,
    webhooks: { sendgridPublicKey: sendgrid.publicKey, twilioAuthToken: AUTH_TOKEN, publicBaseUrl: PUBLIC_BASE_URL },
  });
  t.teardown(() => app.close());
  const senders = createSenders({
    SENDGRID_API_KEY: 'SG.test', SENDGRID_BASE_URL: sendgrid.url, SENDGRID_FROM_EMAIL: 'no-reply@joo.kz', SENDGRID_FROM_NAME: 'joo.kz',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM_NUMBER: '+77000000001', TWILIO_BASE_URL: twilio.url,
    PROVIDER_TIMEOUT_MS: options.timeoutMs ?? 2000, PUBLIC_BASE_URL,
  });
  const newWorker = (hooks: DeliveryHooks = {}) => startDeliveryWorker(ctx, senders, DELIVERY, app.log, { beforeRound: () => expandDueBroadcasts(ctx), ...hooks }, false);
  const worker = newWorker();
  return {
    app, ctx, pool: db.pool, issuer, sendgrid, twilio, clock, worker, newWorker,
    async drain() {
      let total = 0;
      for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
      return total;
    },
    admin: { authorization: `Bearer ${issuer.sign({ sub: 'admin-1', sid: 's-admin', roles: ['admin'] })}` },
    bearerOf: (userId, roles = ['student']) => ({ authorization: `Bearer ${issuer.sign({ sub: userId, sid: `s-${userId}`, roles })}` }),
  };
}

/** An event envelope as its publisher would write it. */
export function envelope<D extends EventDefinition>(def: D, subject: string, data: EventData<D>, id = uuidv7()): Envelope {
  return { id, type: def.type, source: def.source, time: new Date().toISOString(), subject, data };
}

let serial = 0;

export interface UserOptions {
  locale?: 'kk' | 'ru';
  region?: string;
  consents?: Partial<{ marketingEmail: boolean; marketingSms: boolean; marketingCalls: boolean; crossBorderTransfer: boolean }>;
  email?: string;
  phone?: string;
}

/** identity.user.registered for a fresh user; unless told otherwise, one who agreed to the cross-border transfer (offer 3.7), so messages go out. */
export function registered(o: UserOptions = {}) {
  serial += 1;
  const n = String(serial).padStart(4, '0');
  const userId = uuidv7();
  return {
    userId,
    data: {
      userId, fullName: `Айгерим ${n}`, email: o.email ?? `student${n}.${process.pid}@example.kz`, phone: o.phone ?? `+7701${String(process.pid % 1000).padStart(3, '0')}${n}`,
      region: o.region ?? 'almaty', locale: o.locale ?? 'kk', roles: ['student'],
      consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: true, ...o.consents },
      offerVersion: 1, registeredAt: new Date().toISOString(),
    },
  };
}

/** A bus with a unique prefix, the service's consumers on it, and a way to publish as another service would. */
export async function withBus(t: Teardown & { teardown(fn: () => unknown): void }, ctx: NotificationsContext, log: App['log']) {
  const { startConsumers } = await import('../src/events/consumers.js');
  const tb = await testBus(t);
  const bus: Bus = await connectBus({ url: tb.url, prefix: tb.prefix, name: 'notifications-test' });
  const registry = new Registry();
  const consumers = await startConsumers(ctx, bus, log, registry);
  t.teardown(async () => {
    for (const c of consumers) await c.stop();
    await bus.close();
  });
  return {
    bus,
    /** deliveries the consumers handed back to wait (an unknown user), not counted as failures */
    waits: async () => (await registry.getSingleMetric('joo_consumer_waits_total')?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0,
    /** events the consumers skipped as already handled (the inbox) */
    duplicates: async () => (await registry.getSingleMetric('joo_consumer_processed_total')!.get()).values
      .filter((v) => v.labels.outcome === 'duplicate').reduce((n, v) => n + v.value, 0),
    publish: async (e: Envelope) => {
      await bus.ensureStream(e.source);
      await publishEnvelope(bus, e);
    },
    /** The same event again, past the server's duplicate window (a redelivery, a replay). */
    publishAgain: async (e: Envelope) => {
      await bus.js.publish(bus.subjectOf(e.type), JSON.stringify(e));
    },
  };
}

export async function messagesOf(pool: Pool, userId: string) {
  const { rows } = await pool.query(
    `SELECT id, channel, template, kind, locale, address, subject, body, status, attempts, provider_id, provider_status, next_attempt_at, in_doubt, last_error
       FROM messages WHERE user_id = $1 ORDER BY channel`, [userId]);
  return rows;
}

/** Runs an event's handler in one transaction, as the consumer does (without the inbox). */
export async function apply(ctx: NotificationsContext, e: Envelope): Promise<void> {
  const { notificationRoutes } = await import('../src/events/consumers.js');
  const { withTransaction } = await import('@joo/db');
  await withTransaction(ctx.pool, (tx) => notificationRoutes(ctx).handle(e, tx));
}
