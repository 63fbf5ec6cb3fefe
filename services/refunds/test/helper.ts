import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import {
  EntitlementGranted, OrderCreated, PaymentSucceeded, ProductChanged, RefundPaid, type EventData, type EventDefinition,
} from '@joo/contracts';
import { withTransaction, type Pool } from '@joo/db';
import type { App } from '@joo/service-kit';
import { testDatabase, testIssuer, testLogLevel, type Teardown, type TestIssuer } from '@joo/testing';
import { buildApp } from '../src/app.js';
import type { RefundsContext } from '../src/context.js';
import { billingRoutes } from '../src/events/billing.js';
import { catalogRoutes } from '../src/events/catalog.js';
import { refundsMigrations } from '../src/migrations.js';

export const PRODUCT = '01940000-0000-7000-8000-000000000001';
export const PRICE = 16_000_000; // Standard, 160 000 ₸
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface Built {
  app: App;
  ctx: RefundsContext;
  pool: Pool;
  issuer: TestIssuer;
  clock: { now: Date | null; set(date: Date | null): void };
  admin: Record<string, string>;
  adminId: string;
  outboxWrites: () => number;
}

/** A migrated test database, a token issuer and the app; all closed and dropped after the test. */
export async function build(t: Teardown): Promise<Built> {
  const db = await testDatabase(t, { migrations: await refundsMigrations(), label: 'refunds', poolSize: 4 });
  const issuer = await testIssuer(t);
  const clock = { now: null as Date | null, set(date: Date | null) { this.now = date; } };
  let writes = 0;
  const { app, ctx } = await buildApp({
    pool: db.pool,
    auth: { keys: { jwksUrl: issuer.jwksUrl } },
    logLevel: testLogLevel(),
    clock: () => clock.now ?? new Date(),
    onOutboxWrite: () => { writes += 1; },
  });
  t.teardown(() => app.close());
  const adminId = randomUUID();
  return {
    app, ctx, pool: db.pool, issuer, clock, adminId, outboxWrites: () => writes,
    admin: bearer(issuer.sign({ sub: adminId, sid: randomUUID(), roles: ['admin'] })),
  };
}

export function studentHeaders(b: Built, userId: string): Record<string, string> {
  return bearer(b.issuer.sign({ sub: userId, sid: randomUUID(), roles: ['student'] }));
}

function envelope<D extends EventDefinition>(def: D, subject: string, data: EventData<D>) {
  return { id: uuidv7(), type: def.type, source: def.source, time: new Date().toISOString(), subject, data };
}

/** Applies another service's event through refunds' real handler, as the consumer would. */
export async function apply<D extends EventDefinition>(b: Built, def: D, subject: string, data: EventData<D>): Promise<void> {
  const routes = def.source === 'catalog' ? catalogRoutes : billingRoutes;
  await withTransaction(b.pool, (tx) => routes.handle(envelope(def, subject, data), tx));
}

export interface PaidOrderOptions {
  userId?: string;
  paidAt?: Date;
  price?: number;
  courseMonths?: number;
  /** more payments on the same order (their sum is what was paid) */
  payments?: Array<{ amount: number; paidAt: Date }>;
  /** false: catalog's grant has not arrived */
  granted?: boolean;
  /** false: billing's order.created has not arrived */
  ordered?: boolean;
  /** false: catalog's product.changed (the course length) has not arrived */
  product?: boolean;
  productVersion?: number;
}

/** A paid order as refunds learns it: product version, order, payment(s) and the access grant. */
export async function paidOrder(b: Built, options: PaidOrderOptions = {}): Promise<{ orderId: string; userId: string; headers: Record<string, string> }> {
  const userId = options.userId ?? randomUUID();
  const orderId = uuidv7();
  const price = options.price ?? PRICE;
  const version = options.productVersion ?? 1;
  const paidAt = options.paidAt ?? new Date();
  if (options.product !== false) await apply(b, ProductChanged, PRODUCT, {
    productId: PRODUCT, version, kind: 'package', code: 'standard', title: { kk: 'СТАНДАРТ', ru: 'Стандарт' }, price, currency: 'KZT',
    courseMonths: options.courseMonths ?? 4, bonusDays: 30, requiresProfileSubject: false, status: 'active', changedAt: new Date().toISOString(),
  });
  if (options.ordered !== false) {
    await apply(b, OrderCreated, orderId, {
      orderId, userId, productId: PRODUCT, productVersion: version, amount: price, currency: 'KZT', profileSubject: null, createdAt: paidAt.toISOString(),
    });
  }
  for (const p of options.payments ?? [{ amount: price, paidAt }]) {
    await apply(b, PaymentSucceeded, orderId, {
      paymentId: randomUUID(), orderId, userId, productId: PRODUCT, productVersion: version, profileSubject: null, amount: p.amount, currency: 'KZT',
      provider: 'sandbox', paidAt: p.paidAt.toISOString(),
    });
  }
  if (options.granted !== false) {
    await apply(b, EntitlementGranted, userId, {
      entitlementId: randomUUID(), userId, productId: PRODUCT, productVersion: version, orderId, profileSubject: null, profileSubjects: [],
      validFrom: paidAt.toISOString(), validUntil: new Date(paidAt.getTime() + 150 * 86_400_000).toISOString(), grantedAt: paidAt.toISOString(),
    });
  }
  return { orderId, userId, headers: studentHeaders(b, userId) };
}

/** billing's notice that it paid the refund back. */
export async function refundPaid(b: Built, applicationId: string, orderId: string, userId: string, amount: number): Promise<void> {
  await apply(b, RefundPaid, orderId, {
    applicationId, orderId, userId, amount, currency: 'KZT', provider: 'sandbox', providerRefundId: `rf_${applicationId}`, paidAt: new Date().toISOString(),
  });
}

/** A complete Appendix 1 application for the order. */
export function applicationBody(orderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId,
    userFullName: 'Айгерим Садыкова',
    payerFullName: 'Сауле Садыкова',
    amount: PRICE,
    accountIban: 'KZ86125KZT5004100100',
    paymentDate: '2026-01-10',
    bankBic: 'HSBKKZKX',
    reason: 'Курс не подошёл по расписанию',
    ...overrides,
  };
}

/** The data of the outbox events of a type, oldest first. */
export async function outbox(pool: Pool, type: string): Promise<Array<{ subject: string; data: Record<string, unknown> }>> {
  const { rows } = await pool.query<{ subject: string; envelope: { data: Record<string, unknown> } }>(
    'SELECT subject, envelope FROM outbox WHERE type = $1 ORDER BY created_at, id', [type]);
  return rows.map((r) => ({ subject: r.subject, data: r.envelope.data }));
}

export async function count(pool: Pool, table: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}
