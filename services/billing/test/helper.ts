import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connectBus, publishEnvelope, type Bus } from '@joo/bus';
import { ProductChanged, type EventData, type EventDefinition } from '@joo/contracts';
import type { Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { eventually, fakeCloudPayments, testBus, testDatabase, testIssuer, testLogLevel, type FakeCloudPayments, type Teardown, type TestIssuer } from '@joo/testing';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../src/app.js';
import { startBackground } from '../src/background.js';
import type { PayoutWorker } from '../src/jobs/payouts.js';
import { billingMigrations } from '../src/migrations.js';
import type { ProviderName } from '../src/providers/types.js';

export const SANDBOX_SECRET = 'sandbox-secret-for-tests-0123456789';
export const PUBLIC_BASE_URL = 'http://gateway.test:8080';

export const STANDARD = '01940000-0000-7000-8000-000000000001';
export const PREMIUM = '01940000-0000-7000-8000-000000000002';
export const SUBSCRIPTION = '01940000-0000-7000-8000-000000000003';

export interface Built {
  app: App;
  pool: Pool;
  /** billing's own URL (it listens, so providers can call it back) */
  url: string;
  issuer: TestIssuer;
  cloudPayments: FakeCloudPayments;
  bus: Bus;
  worker: PayoutWorker;
  clock: { now: Date | null; set(date: Date | null): void };
  /** Publishes an event of another service onto the real bus, as that service's relay would. */
  publish<D extends EventDefinition>(def: D, subject: string, data: EventData<D>): Promise<string>;
  /** Publishes a product version and waits until billing's price list has it. */
  product(data: Partial<EventData<typeof ProductChanged>> & { productId: string }): Promise<void>;
  token(userId: string, roles?: string[]): string;
}

/**
 * A migrated test database, a test bus, a token issuer, the CloudPayments fake, and billing with
 * both providers, listening on a free port with its consumers and payout worker running.
 */
export async function build(t: Teardown, options: { providers?: ProviderName[] } = {}): Promise<Built> {
  const db = await testDatabase(t, { migrations: await billingMigrations(), label: 'billing', poolSize: 3 });
  const issuer = await testIssuer(t);
  const cloudPayments = await fakeCloudPayments(t);
  const test = await testBus(t);
  const bus = await connectBus({ url: test.url, prefix: test.prefix, name: 'billing-test' });
  const clock = { now: null as Date | null, set(date: Date | null) { this.now = date; } };
  let url = '';
  const { app, ctx } = await buildApp({
    pool: db.pool,
    auth: { keys: { jwksUrl: issuer.jwksUrl } },
    logLevel: testLogLevel(),
    clock: () => clock.now ?? new Date(),
    providers: {
      enabled: options.providers ?? ['sandbox', 'cloudpayments'],
      publicBaseUrl: PUBLIC_BASE_URL,
      callbackBaseUrl: () => url,
      sandboxSecret: SANDBOX_SECRET,
      cloudPayments: { publicId: cloudPayments.publicId, apiSecret: cloudPayments.apiSecret, apiUrl: cloudPayments.url },
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  cloudPayments.setNotificationBase(`${url}/v1/billing/callbacks/cloudpayments`);
  const background = await startBackground(ctx, { app, bus }, { payoutIntervalMs: 60_000 });
  t.teardown(async () => {
    for (const stop of background.stops) await stop();
    await app.close();
    await bus.close();
  });

  const publish: Built['publish'] = async (def, subject, data) => {
    const id = uuidv7();
    await bus.ensureStream(def.source);
    await publishEnvelope(bus, { id, type: def.type, source: def.source, time: new Date().toISOString(), subject, data });
    return id;
  };
  const product: Built['product'] = async (data) => {
    const full = {
      version: 1, kind: 'package' as const, code: 'standard', title: { kk: 'СТАНДАРТ', ru: 'Стандарт' }, price: 16_000_000, currency: 'KZT' as const,
      courseMonths: 4, bonusDays: 30, requiresProfileSubject: true, status: 'active' as const, changedAt: new Date().toISOString(), ...data,
    };
    await publish(ProductChanged, full.productId, full);
    await eventually(async () => (await db.pool.query('SELECT 1 FROM products WHERE product_id = $1 AND version >= $2', [full.productId, full.version])).rowCount === 1, { timeoutMs: 5_000 });
  };
  return {
    app, pool: db.pool, url, issuer, cloudPayments, bus, worker: background.worker, clock, publish, product,
    token: (userId, roles = ['student']) => issuer.sign({ sub: userId, sid: randomUUID(), roles }),
  };
}

/** The two packages of Appendix 2 and a subscription without a profile subject, via the bus. */
export async function seedProducts(b: Built): Promise<void> {
  await b.product({ productId: STANDARD });
  await b.product({ productId: PREMIUM, code: 'premium', title: { kk: 'ПРЕМИУМ', ru: 'Премиум' }, price: 25_000_000 });
  await b.product({ productId: SUBSCRIPTION, code: 'tests-monthly', kind: 'subscription', title: { kk: 'Тесттер', ru: 'Тесты' }, price: 500_000, requiresProfileSubject: false, courseMonths: 1, bonusDays: 0 });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Places an order as `userId`; throws unless 201. */
export async function order(b: Built, userId: string, body: Record<string, unknown> = {}, key = randomUUID()): Promise<Record<string, any>> {
  const res = await b.app.inject({
    method: 'POST', url: '/v1/billing/orders', headers: { ...bearer(b.token(userId)), 'idempotency-key': key },
    payload: { productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`order failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string, subject?: string): Promise<Array<Record<string, unknown>>> {
  const { rows } = await pool.query<{ envelope: { data: Record<string, unknown> } }>(
    'SELECT envelope FROM outbox WHERE type = $1 AND ($2::text IS NULL OR subject = $2) ORDER BY created_at, id', [type, subject ?? null]);
  return rows.map((r) => r.envelope.data);
}

/** The value of one series of a metric in billing's registry (what its metrics port serves). */
export async function metric(app: App, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await app.metrics.metrics();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').pop());
  }
  return 0;
}

export const paymentIdOf = (o: Record<string, any>) => String(o.paymentUrl).split('/').pop()!;

/** The payment id of an order (for providers whose paymentUrl is theirs, not ours). */
export async function paymentOf(pool: Pool, orderId: string): Promise<string> {
  return (await pool.query<{ id: string }>('SELECT id FROM payments WHERE order_id = $1', [orderId])).rows[0]!.id;
}
