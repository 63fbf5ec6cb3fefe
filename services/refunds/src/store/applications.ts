import type { Queryable } from '@joo/db';
import type { Grounds, RefundRule } from '../domain/assessment.js';

export type ApplicationStatus = 'submitted' | 'approved' | 'rejected' | 'paid';

export interface Application {
  id: string;
  orderId: string;
  userId: string;
  userFullName: string;
  payerFullName: string;
  statedAmount: number;
  accountIban: string;
  statedPaymentDate: string;
  bankBic: string;
  reason: string;
  grounds: Grounds;
  rule: RefundRule;
  eligibleAmount: number | null;
  monthsCharged: number;
  paidAmount: number;
  /** the platform sells in tenge only (contracts' Currency) */
  currency: 'KZT';
  status: ApplicationStatus;
  submittedAt: Date;
  reviewDueBy: string;
  decidedAt: Date | null;
  decidedBy: string | null;
  approvedAmount: number | null;
  rejectionReason: string | null;
  payoutDueBy: string | null;
  paidAt: Date | null;
}

interface Row {
  id: string; order_id: string; user_id: string; user_full_name: string; payer_full_name: string; stated_amount: string;
  account_iban: string; stated_payment_date: string; bank_bic: string; reason: string; grounds: Grounds; rule: RefundRule;
  eligible_amount: string | null; months_charged: number; paid_amount: string; currency: 'KZT'; status: ApplicationStatus;
  submitted_at: Date; review_due_by: string; decided_at: Date | null; decided_by: string | null; approved_amount: string | null;
  rejection_reason: string | null; payout_due_by: string | null; paid_at: Date | null;
}

// Dates as text: a YYYY-MM-DD is a calendar day, not an instant to shift by a time zone.
const SELECT = `SELECT id, order_id, user_id, user_full_name, payer_full_name, stated_amount, account_iban,
  stated_payment_date::text, bank_bic, reason, grounds, rule, eligible_amount, months_charged, paid_amount, currency, status,
  submitted_at, review_due_by::text, decided_at, decided_by, approved_amount, rejection_reason, payout_due_by::text, paid_at
  FROM applications`;

const num = (v: string | null): number | null => (v === null ? null : Number(v));

function toApplication(r: Row): Application {
  return {
    id: r.id, orderId: r.order_id, userId: r.user_id, userFullName: r.user_full_name, payerFullName: r.payer_full_name,
    statedAmount: Number(r.stated_amount), accountIban: r.account_iban, statedPaymentDate: r.stated_payment_date, bankBic: r.bank_bic,
    reason: r.reason, grounds: r.grounds, rule: r.rule, eligibleAmount: num(r.eligible_amount), monthsCharged: r.months_charged,
    paidAmount: Number(r.paid_amount), currency: r.currency, status: r.status, submittedAt: r.submitted_at, reviewDueBy: r.review_due_by,
    decidedAt: r.decided_at, decidedBy: r.decided_by, approvedAmount: num(r.approved_amount), rejectionReason: r.rejection_reason,
    payoutDueBy: r.payout_due_by, paidAt: r.paid_at,
  };
}

export type NewApplication = Pick<Application,
  'id' | 'orderId' | 'userId' | 'userFullName' | 'payerFullName' | 'statedAmount' | 'accountIban' | 'statedPaymentDate' | 'bankBic'
  | 'reason' | 'grounds' | 'rule' | 'eligibleAmount' | 'monthsCharged' | 'paidAmount' | 'currency' | 'submittedAt' | 'reviewDueBy'>;

export async function insertApplication(db: Queryable, a: NewApplication): Promise<void> {
  await db.query(
    `INSERT INTO applications (id, order_id, user_id, user_full_name, payer_full_name, stated_amount, account_iban, stated_payment_date,
       bank_bic, reason, grounds, rule, eligible_amount, months_charged, paid_amount, currency, status, submitted_at, review_due_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'submitted', $17, $18)`,
    [a.id, a.orderId, a.userId, a.userFullName, a.payerFullName, a.statedAmount, a.accountIban, a.statedPaymentDate, a.bankBic,
      a.reason, a.grounds, a.rule, a.eligibleAmount, a.monthsCharged, a.paidAmount, a.currency, a.submittedAt, a.reviewDueBy]);
}

export async function findApplication(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<Application | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toApplication(rows[0]) : null;
}

export interface PageAfter { submittedAt: string; id: string }

/** A user's applications, newest first. */
export async function listUserApplications(db: Queryable, userId: string, limit: number, after?: PageAfter): Promise<Application[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (submitted_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY submitted_at DESC, id DESC LIMIT $4`,
    [userId, after?.submittedAt ?? null, after?.id ?? null, limit]);
  return rows.map(toApplication);
}

/** For admins: oldest first, so the queue is worked in the order the deadlines fall. */
export async function listApplications(db: Queryable, status: ApplicationStatus | null, limit: number, after?: PageAfter): Promise<Application[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (submitted_at, id) > ($2::timestamptz, $3::uuid))
     ORDER BY submitted_at, id LIMIT $4`,
    [status, after?.submittedAt ?? null, after?.id ?? null, limit]);
  return rows.map(toApplication);
}

export async function markApproved(db: Queryable, id: string, d: { amount: number; by: string; at: Date; payoutDueBy: string }): Promise<void> {
  await db.query(
    `UPDATE applications SET status = 'approved', approved_amount = $2, decided_by = $3, decided_at = $4, payout_due_by = $5 WHERE id = $1`,
    [id, d.amount, d.by, d.at, d.payoutDueBy]);
}

export async function markRejected(db: Queryable, id: string, d: { reason: string; by: string; at: Date }): Promise<void> {
  await db.query(`UPDATE applications SET status = 'rejected', rejection_reason = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
    [id, d.reason, d.by, d.at]);
}

/** billing.refund.paid: only an approved application becomes paid; a repeat changes nothing. */
export async function markPaid(db: Queryable, id: string, d: { at: Date; providerRefundId: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE applications SET status = 'paid', paid_at = $2, provider_refund_id = $3 WHERE id = $1 AND status = 'approved'`,
    [id, d.at, d.providerRefundId]);
  return (rowCount ?? 0) > 0;
}

/** The application of an order still under review or being paid out, if any. */
export async function findOpenApplication(db: Queryable, orderId: string): Promise<Application | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE order_id = $1 AND status IN ('submitted', 'approved')`, [orderId]);
  return rows[0] ? toApplication(rows[0]) : null;
}
