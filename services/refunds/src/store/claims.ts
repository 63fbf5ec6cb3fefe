import type { Queryable } from '@joo/db';

export type ClaimStatus = 'received' | 'answered';
export type ClaimChannel = 'platform' | 'email';

/** A claim (offer §13) as stored. */
export interface Claim {
  id: string;
  userId: string;
  orderId: string | null;
  subject: string;
  text: string;
  channel: ClaimChannel;
  /** the admin who entered a claim received by e-mail */
  enteredBy: string | null;
  receivedAt: Date;
  answerDueBy: string;
  createdAt: Date;
  status: ClaimStatus;
  answer: string | null;
  answeredAt: Date | null;
  answeredBy: string | null;
}

interface Row {
  id: string; user_id: string; order_id: string | null; subject: string; text: string; channel: ClaimChannel; entered_by: string | null;
  received_at: Date; answer_due_by: string; created_at: Date; status: ClaimStatus; answer: string | null; answered_at: Date | null;
  answered_by: string | null;
}

// The due date as text: a calendar day, not an instant to shift by a time zone.
const SELECT = `SELECT id, user_id, order_id, subject, text, channel, entered_by, received_at, answer_due_by::text, created_at, status,
  answer, answered_at, answered_by FROM claims`;

const toClaim = (r: Row): Claim => ({
  id: r.id, userId: r.user_id, orderId: r.order_id, subject: r.subject, text: r.text, channel: r.channel, enteredBy: r.entered_by,
  receivedAt: r.received_at, answerDueBy: r.answer_due_by, createdAt: r.created_at, status: r.status, answer: r.answer,
  answeredAt: r.answered_at, answeredBy: r.answered_by,
});

export type NewClaim = Pick<Claim, 'id' | 'userId' | 'orderId' | 'subject' | 'text' | 'channel' | 'enteredBy' | 'receivedAt' | 'answerDueBy' | 'createdAt'>;

export async function insertClaim(db: Queryable, c: NewClaim): Promise<void> {
  await db.query(
    `INSERT INTO claims (id, user_id, order_id, subject, text, channel, entered_by, received_at, answer_due_by, created_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received')`,
    [c.id, c.userId, c.orderId, c.subject, c.text, c.channel, c.enteredBy, c.receivedAt, c.answerDueBy, c.createdAt]);
}

export async function findClaim(db: Queryable, id: string, options: { lock?: boolean } = {}): Promise<Claim | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toClaim(rows[0]) : null;
}

export interface ClaimPageAfter { receivedAt: string; id: string }

/** A user's claims, newest first. */
export async function listUserClaims(db: Queryable, userId: string, limit: number, after?: ClaimPageAfter): Promise<Claim[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (received_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY received_at DESC, id DESC LIMIT $4`,
    [userId, after?.receivedAt ?? null, after?.id ?? null, limit]);
  return rows.map(toClaim);
}

/** For admins: oldest first, which is the order the deadlines fall in (every claim has 90 days). */
export async function listClaims(db: Queryable, status: ClaimStatus | null, limit: number, after?: ClaimPageAfter): Promise<Claim[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR status = $1) AND ($2::timestamptz IS NULL OR (received_at, id) > ($2::timestamptz, $3::uuid))
     ORDER BY received_at, id LIMIT $4`,
    [status, after?.receivedAt ?? null, after?.id ?? null, limit]);
  return rows.map(toClaim);
}

export async function markAnswered(db: Queryable, id: string, a: { answer: string; by: string; at: Date }): Promise<void> {
  await db.query(`UPDATE claims SET status = 'answered', answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1`,
    [id, a.answer, a.by, a.at]);
}

/** Unanswered claims with at most `dueSoonDays` left (not yet late), and those past their due date. */
export async function countOpenClaimsByDeadline(db: Queryable, today: string, dueSoonDays: number): Promise<{ dueSoon: number; overdue: number }> {
  const { rows } = await db.query<{ due_soon: number; overdue: number }>(
    `SELECT count(*) FILTER (WHERE answer_due_by >= $1::date AND answer_due_by <= $1::date + $2::int)::int AS due_soon,
       count(*) FILTER (WHERE answer_due_by < $1::date)::int AS overdue
     FROM claims WHERE status = 'received'`,
    [today, dueSoonDays]);
  return { dueSoon: rows[0]?.due_soon ?? 0, overdue: rows[0]?.overdue ?? 0 };
}
