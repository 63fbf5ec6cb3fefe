import { outboxInsert, type OutboxRow } from '@joo/bus';
import { defineStatement, execution, type Execution, type Queryable, type QueryResult } from '@joo/db';
import type { Localized } from './products.js';

export type RevokeReason = 'refund' | 'admin' | 'erased';

export interface Entitlement {
  id: string;
  userId: string;
  productId: string;
  productVersion: number;
  orderId: string | null;
  profileSubject: string | null;
  validFrom: Date;
  validUntil: Date;
  /** end of the course proper; after it, until validUntil, the bonus period (null: all course time) */
  courseUntil: Date | null;
  status: 'active' | 'revoked';
  grantedBy: 'payment' | 'admin';
  revokedReason: RevokeReason | null;
  revokedNote: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  /** the product as bought (its version's title) */
  product: { code: string; kind: string; title: Localized };
}

export type NewEntitlement = Omit<Entitlement, 'status' | 'revokedReason' | 'revokedNote' | 'revokedAt' | 'product'>;

interface Row {
  id: string; user_id: string; product_id: string; product_version: number; order_id: string | null; profile_subject: string | null;
  valid_from: Date; valid_until: Date; course_until: Date | null; status: 'active' | 'revoked'; granted_by: 'payment' | 'admin'; revoked_reason: RevokeReason | null;
  revoked_note: string | null; revoked_at: Date | null; created_at: Date; code: string; kind: string; title: Localized;
}

const SELECT = `SELECT e.*, p.code, p.kind, v.title FROM entitlements e JOIN products p ON p.id = e.product_id
  JOIN product_versions v ON v.product_id = e.product_id AND v.version = e.product_version`;

function toEntitlement(r: Row): Entitlement {
  return {
    id: r.id, userId: r.user_id, productId: r.product_id, productVersion: r.product_version, orderId: r.order_id,
    profileSubject: r.profile_subject, validFrom: r.valid_from, validUntil: r.valid_until, courseUntil: r.course_until, status: r.status, grantedBy: r.granted_by,
    revokedReason: r.revoked_reason, revokedNote: r.revoked_note, revokedAt: r.revoked_at, createdAt: r.created_at,
    product: { code: r.code, kind: r.kind, title: r.title },
  };
}

/**
 * The entitlement, its order's gate and its grant event in one statement. It first marks the order
 * paid at its gate (order_gates; an admin's grant has no order and no gate). An order whose refund
 * was approved before — or by a handler that committed while this one waited at the gate — is
 * inserted revoked from the start, and nobody is told of a grant that never was live: `granted`, the
 * grant event's outbox row, is written only for a live entitlement. Nothing is written when the order
 * has an entitlement already (a replayed payment). A statement, because the payment consumer sends
 * it with BEGIN, the inbox rows and COMMIT in one round trip (statementOf). Read its result with
 * `insertedEntitlement`.
 */
const INSERT_ENTITLEMENT = defineStatement('catalog_insert_entitlement',
  ['uuid', 'uuid', 'uuid', 'integer', 'text', 'text', 'timestamptz', 'timestamptz', 'text', 'timestamptz', 'jsonb', 'timestamptz'], `
  WITH gate AS (
         INSERT INTO order_gates (order_id, paid) SELECT $5, true WHERE $5 IS NOT NULL
         ON CONFLICT (order_id) DO UPDATE SET paid = true
         RETURNING refund_approved_at),
       e AS (
         INSERT INTO entitlements (id, user_id, product_id, product_version, order_id, profile_subject, valid_from, valid_until,
           granted_by, created_at, status, revoked_reason, revoked_at, course_until)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
           CASE WHEN g.refund_approved_at IS NULL THEN 'active' ELSE 'revoked' END,
           CASE WHEN g.refund_approved_at IS NULL THEN NULL ELSE 'refund' END, g.refund_approved_at, $12
         FROM (VALUES (1)) AS one LEFT JOIN gate g ON true
         ON CONFLICT (order_id) DO NOTHING
         RETURNING status, revoked_at),
       granted AS (${outboxInsert('$11')} WHERE EXISTS (SELECT 1 FROM e WHERE e.status = 'active'))
  SELECT revoked_at FROM e`);

export function insertEntitlementStatement(e: NewEntitlement, granted: OutboxRow): Execution {
  return execution(INSERT_ENTITLEMENT, [
    e.id, e.userId, e.productId, e.productVersion, e.orderId, e.profileSubject, e.validFrom, e.validUntil, e.grantedBy, e.createdAt, granted, e.courseUntil,
  ]);
}

/** What the statement did: null when the order had its entitlement already, else when a refund came first. */
export function insertedEntitlement(result: QueryResult): { refundedAt: Date | null } | null {
  const r = result.rows[0] as { revoked_at: Date | null } | undefined;
  return r ? { refundedAt: r.revoked_at } : null;
}

export async function findEntitlement(q: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Entitlement | null> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE e.id = $1${options.forUpdate ? ' FOR UPDATE OF e' : ''}`, [id]);
  return rows[0] ? toEntitlement(rows[0]) : null;
}

export async function findByOrder(q: Queryable, orderId: string, options: { forUpdate?: boolean } = {}): Promise<Entitlement | null> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE e.order_id = $1${options.forUpdate ? ' FOR UPDATE OF e' : ''}`, [orderId]);
  return rows[0] ? toEntitlement(rows[0]) : null;
}

/** Newest first; `userId` null lists everyone's (admins). */
export async function listEntitlements(q: Queryable, f: { userId: string | null; before?: string; limit: number }): Promise<Entitlement[]> {
  const { rows } = await q.query<Row>(
    `${SELECT} WHERE ($1::uuid IS NULL OR e.user_id = $1) AND ($2::uuid IS NULL OR e.id < $2) ORDER BY e.id DESC LIMIT $3`,
    [f.userId, f.before ?? null, f.limit]);
  return rows.map(toEntitlement);
}

export async function markRevoked(q: Queryable, id: string, reason: RevokeReason, note: string | null, now: Date): Promise<void> {
  await q.query(`UPDATE entitlements SET status = 'revoked', revoked_reason = $2, revoked_note = $3, revoked_at = $4 WHERE id = $1`,
    [id, reason, note, now]);
}

/** The user's entitlements not yet revoked, locked for the caller's transaction. */
export async function activeOfUser(q: Queryable, userId: string): Promise<Entitlement[]> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE e.user_id = $1 AND e.status = 'active' ORDER BY e.id FOR UPDATE OF e`, [userId]);
  return rows.map(toEntitlement);
}

/** Erasure: the profile subject (a fact about the person) and free-text notes go; ids and dates stay. */
export async function clearPersonalFields(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE entitlements SET profile_subject = NULL, revoked_note = NULL WHERE user_id = $1', [userId]);
}

/**
 * Records a refund approval at the order's gate and tells whether the order was paid: when it
 * was, its entitlement is committed (the payment's statement wrote both), and the caller's next
 * statement sees it; when not, the payment will see the refund at the gate.
 */
export async function refundAtGate(q: Queryable, r: { orderId: string; applicationId: string; approvedAt: Date }): Promise<{ paid: boolean }> {
  const { rows } = await q.query<{ paid: boolean }>(
    `INSERT INTO order_gates (order_id, refund_application_id, refund_approved_at) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO UPDATE SET refund_application_id = COALESCE(order_gates.refund_application_id, EXCLUDED.refund_application_id),
       refund_approved_at = COALESCE(order_gates.refund_approved_at, EXCLUDED.refund_approved_at)
     RETURNING paid`,
    [r.orderId, r.applicationId, r.approvedAt]);
  return { paid: rows[0]!.paid };
}
