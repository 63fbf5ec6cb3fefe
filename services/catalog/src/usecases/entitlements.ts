import { uuidv7 } from 'uuidv7';
import { EntitlementGranted, EntitlementRevoked, type EventData, type PaymentSucceeded, type RefundApproved } from '@joo/contracts';
import { execute, type Execution, type Queryable, type QueryResult } from '@joo/db';
import { problems } from '@joo/service-kit';
import { emit, eventRow, write, type CatalogContext } from '../context.js';
import { accessWindow } from '../domain/entitlement-window.js';
import {
  activeOfUser, clearPersonalFields, findByOrder, findEntitlement, insertedEntitlement, insertEntitlementStatement, markRevoked, refundAtGate,
  type Entitlement, type NewEntitlement, type RevokeReason,
} from '../store/entitlements.js';
import { findProduct } from '../store/products.js';

type Ctx = Pick<CatalogContext, 'pool' | 'clock' | 'metrics' | 'subjects' | 'versionTerms' | 'onOutboxWrite'>;
// Events written here never NOTIFY inside the transaction (ADR 0003): use cases wake the relay
// after their commit (write), event handlers through the consumer's afterCommit (events/consumers.ts).

/**
 * The entitlement and its grant event in one statement, run by `tx` (null: in a consumer's one-trip
 * batch); a refund approved before the payment makes it revoked and silent.
 */
function grantStatement(ctx: Ctx, tx: Queryable | null, e: NewEntitlement): Execution {
  const pair = e.profileSubject ? ctx.subjects.pair(e.profileSubject) : undefined;
  const granted = eventRow(tx, EntitlementGranted, e.userId, {
    entitlementId: e.id, userId: e.userId, productId: e.productId, productVersion: e.productVersion, orderId: e.orderId,
    profileSubject: e.profileSubject, profileSubjects: pair ? [...pair.subjects] : [],
    validFrom: e.validFrom.toISOString(), validUntil: e.validUntil.toISOString(), grantedAt: e.createdAt.toISOString(),
    ...(e.courseUntil ? { courseUntil: e.courseUntil.toISOString() } : {}),
  }, e.createdAt);
  return insertEntitlementStatement(e, granted);
}

/** What a grant statement did, from its result; a grant is counted. */
export function grantOutcome(ctx: Pick<Ctx, 'metrics'>, result: QueryResult): 'granted' | 'duplicate' | 'refunded' {
  const inserted = insertedEntitlement(result);
  if (!inserted) return 'duplicate';
  if (inserted.refundedAt) return 'refunded';
  ctx.metrics.entitlementsGranted.inc();
  return 'granted';
}

async function grant(ctx: Ctx, tx: Queryable, statement: Execution): Promise<'granted' | 'duplicate' | 'refunded'> {
  return grantOutcome(ctx, await execute(tx, statement));
}

async function revoke(ctx: Ctx, tx: Queryable, e: Entitlement, reason: RevokeReason, note: string | null, now: Date): Promise<void> {
  await markRevoked(tx, e.id, reason, note, now);
  await emit(tx, EntitlementRevoked, e.userId, {
    entitlementId: e.id, userId: e.userId, productId: e.productId, orderId: e.orderId, reason, revokedAt: now.toISOString(),
  }, now);
  ctx.metrics.entitlementsRevoked.inc({ reason });
}

/**
 * billing.payment.succeeded: the order's entitlement, its window from the terms of the version
 * bought. Exactly once per order (inbox, and the unique order id behind it). A product retired
 * since the order still grants: the user paid for it (offer 5.8).
 */
export async function grantForPayment(ctx: Ctx, tx: Queryable, data: EventData<typeof PaymentSucceeded>, now: Date): Promise<'granted' | 'duplicate' | 'refunded'> {
  return grant(ctx, tx, await paymentGrant(ctx, tx, tx, data, now));
}

/**
 * The statement grantForPayment runs, for the payment consumer to send in one round trip with its
 * inbox rows (then grantOutcome reads its result). The terms of the version bought are read
 * through `q` when not cached; a version's terms never change.
 */
export async function paymentGrantStatement(ctx: Ctx, q: Queryable, data: EventData<typeof PaymentSucceeded>, now: Date): Promise<Execution> {
  return paymentGrant(ctx, q, null, data, now);
}

/** The grant of a payment, to be run by `tx` (null: in a one-trip batch); terms read through `q`. */
async function paymentGrant(ctx: Ctx, q: Queryable, tx: Queryable | null, data: EventData<typeof PaymentSucceeded>, now: Date): Promise<Execution> {
  const terms = await ctx.versionTerms(q, data.productId, data.productVersion);
  // Throwing sends the event to retries and then dead_letters, where it is seen and can be replayed.
  if (!terms) throw new Error(`payment ${data.paymentId}: product ${data.productId} v${data.productVersion} is unknown to catalog`);
  return grantStatement(ctx, tx, {
    id: uuidv7(), userId: data.userId, productId: data.productId, productVersion: data.productVersion, orderId: data.orderId,
    profileSubject: data.profileSubject, ...accessWindow(new Date(data.paidAt), terms), grantedBy: 'payment', createdAt: now,
  });
}

/**
 * refunds.refund.approved: the order's entitlement ends now; before its payment arrived, the
 * refund waits at the order's gate for it. A payment handled at the same moment is waited for at
 * the gate, so the two cannot miss each other.
 */
export async function revokeForRefund(ctx: Ctx, tx: Queryable, data: EventData<typeof RefundApproved>, now: Date): Promise<'revoked' | 'already' | 'pending'> {
  const { paid } = await refundAtGate(tx, { orderId: data.orderId, applicationId: data.applicationId, approvedAt: new Date(data.approvedAt) });
  const e = paid ? await findByOrder(tx, data.orderId, { forUpdate: true }) : null;
  if (!e) return 'pending';
  if (e.status === 'revoked') return 'already';
  await revoke(ctx, tx, e, 'refund', `refund application ${data.applicationId}`, now);
  return 'revoked';
}

/** identity.user.erased: live entitlements end, and nothing of the person but the id is kept. */
export async function eraseUser(ctx: Ctx, tx: Queryable, userId: string, now: Date): Promise<number> {
  const active = await activeOfUser(tx, userId);
  for (const e of active) await revoke(ctx, tx, e, 'erased', null, now);
  await clearPersonalFields(tx, userId);
  return active.length;
}

export async function adminRevoke(ctx: Ctx, id: string, note: string): Promise<Entitlement> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const e = await findEntitlement(tx, id, { forUpdate: true });
    if (!e) throw problems.notFound('No such entitlement');
    if (e.status === 'revoked') throw problems.conflict('entitlement-revoked', 'This entitlement is revoked already');
    await revoke(ctx, tx, e, 'admin', note, now);
    return (await findEntitlement(tx, id))!;
  });
}

export interface AdminGrant {
  userId: string;
  productId: string;
  profileSubject?: string | null;
  validFrom?: Date;
  validUntil?: Date;
}

/** An admin grants a product without an order (a gift, a correction): the current version's terms. */
export async function adminGrant(ctx: Ctx, g: AdminGrant): Promise<Entitlement> {
  const now = ctx.clock();
  if (g.profileSubject && !ctx.subjects.pair(g.profileSubject)) {
    throw problems.unprocessable('unknown-profile-subject', 'No such profile-subject pair', { errors: [{ field: '/profileSubject', message: 'is not a pair of GET /v1/catalog/subjects' }] });
  }
  return write(ctx, async (tx) => {
    const product = await findProduct(tx, g.productId);
    if (!product) throw problems.unprocessable('unknown-product', 'No such product', { errors: [{ field: '/productId', message: 'is not a product' }] });
    const computed = accessWindow(g.validFrom ?? now, product);
    const validUntil = g.validUntil ?? computed.validUntil;
    // The course ends by the product's terms, or with the window when an admin shortens it.
    const courseUntil = new Date(Math.min(computed.courseUntil.getTime(), validUntil.getTime()));
    const window = { validFrom: g.validFrom ?? now, validUntil, courseUntil };
    if (window.validUntil.getTime() <= window.validFrom.getTime()) {
      throw problems.badRequest('The window is empty', [{ field: '/validUntil', message: 'must be after validFrom' }]);
    }
    const id = uuidv7();
    await grant(ctx, tx, grantStatement(ctx, tx, {
      id, userId: g.userId, productId: product.id, productVersion: product.version, orderId: null,
      profileSubject: g.profileSubject ?? null, ...window, grantedBy: 'admin', createdAt: now,
    }));
    return (await findEntitlement(tx, id))!;
  });
}
