import type { Queryable } from '@joo/db';
import { localDate as almatyDate } from '@joo/calendar';
import { uuidv7 } from 'uuidv7';
import type { PayTo } from './payouts.js';

export interface BatchSummary {
  id: string;
  businessDate: string;
  msgId: string;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  /** NbOfTxs and CtrlSum (tiyn) of the file */
  count: number;
  total: number;
  /** transfers by their state now: sent (waiting for the statement), paid, returned */
  sent: number;
  paid: number;
  returned: number;
}

export interface BatchTransfer {
  endToEndId: string; applicationId: string; amount: number; name: string; iban: string; bic: string;
}

/** 20261207 + 12 hex digits: stable, unique (payout_batches.msg_id), within Max35Text. */
function newMsgId(day: string): string {
  return `JOO-${day.replace(/-/g, '')}-${uuidv7().replace(/-/g, '').slice(-12).toUpperCase()}`;
}

/** The open batch of the Almaty day of `now`, created when there is none; locked against closing until the caller commits. */
async function openBatchOf(tx: Queryable, now: Date): Promise<string> {
  const day = almatyDate(now);
  for (;;) {
    // FOR SHARE waits for a close in progress and then skips the batch it closed.
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM payout_batches WHERE business_date = $1::date AND status = 'open' FOR SHARE`, [day]);
    if (rows[0]) return rows[0].id;
    await tx.query(
      `INSERT INTO payout_batches (id, business_date, msg_id, status, created_at) VALUES ($1, $2::date, $3, 'open', $4)
       ON CONFLICT (business_date) WHERE status = 'open' DO NOTHING`, [uuidv7(), day, newMsgId(day), now]);
  }
}

/**
 * Puts a pending bank-transfer payout into today's open batch, with a new EndToEndId, and marks it
 * batched. Returns the batch id, or null when the payout is not a pending bank transfer (already
 * batched, paid, a card payout): a replayed event adds nothing.
 */
export async function batchPayout(tx: Queryable, applicationId: string, now: Date): Promise<string | null> {
  const { rows } = await tx.query<{ status: string }>(
    `SELECT status FROM refund_payouts WHERE application_id = $1 AND method = 'bank-transfer' FOR UPDATE`, [applicationId]);
  if (rows[0]?.status !== 'pending') return null;
  const batchId = await openBatchOf(tx, now);
  await tx.query(
    `INSERT INTO payout_transfers (end_to_end_id, batch_id, application_id, amount, pay_to_name, pay_to_iban, pay_to_bic, status, added_at)
     SELECT $1, $2, application_id, amount, pay_to_name, pay_to_iban, pay_to_bic, 'sent', $4 FROM refund_payouts WHERE application_id = $3`,
    [uuidv7().replace(/-/g, ''), batchId, applicationId, now]);
  await tx.query(`UPDATE refund_payouts SET status = 'batched', last_error = NULL WHERE application_id = $1`, [applicationId]);
  return batchId;
}

/** Closes the open batches of days before `today` (Almaty): each closes once. Returns how many. */
export async function closeBatchesBefore(db: Queryable, today: string, now: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE payout_batches SET status = 'closed', closed_at = $2 WHERE status = 'open' AND business_date < $1::date`, [today, now]);
  return rowCount ?? 0;
}

export async function closeBatch(db: Queryable, id: string, now: Date): Promise<'closed' | 'already-closed' | 'not-found'> {
  const { rowCount } = await db.query(`UPDATE payout_batches SET status = 'closed', closed_at = $2 WHERE id = $1 AND status = 'open'`, [id, now]);
  if (rowCount === 1) return 'closed';
  const { rows } = await db.query('SELECT 1 FROM payout_batches WHERE id = $1', [id]);
  return rows.length > 0 ? 'already-closed' : 'not-found';
}

const SUMMARY = `
  SELECT b.id, to_char(b.business_date, 'YYYY-MM-DD') AS business_date, b.msg_id, b.status, b.created_at, b.closed_at,
    count(t.end_to_end_id)::int AS count, coalesce(sum(t.amount), 0)::bigint AS total,
    (count(*) FILTER (WHERE t.status = 'sent'))::int AS sent,
    (count(*) FILTER (WHERE t.status = 'paid'))::int AS paid,
    (count(*) FILTER (WHERE t.status = 'returned'))::int AS returned
  FROM payout_batches b LEFT JOIN payout_transfers t ON t.batch_id = b.id`;

type SummaryRow = {
  id: string; business_date: string; msg_id: string; status: 'open' | 'closed'; created_at: Date; closed_at: Date | null;
  count: number; total: string; sent: number; paid: number; returned: number;
};
const summary = (r: SummaryRow): BatchSummary => ({
  id: r.id, businessDate: r.business_date, msgId: r.msg_id, status: r.status, createdAt: r.created_at, closedAt: r.closed_at,
  count: r.count, total: Number(r.total), sent: r.sent, paid: r.paid, returned: r.returned,
});

/** Newest first, keyed by (created_at, id). */
export async function listBatches(db: Queryable, limit: number, after?: { createdAt: Date; id: string }): Promise<BatchSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY} WHERE ($1::timestamptz IS NULL OR (b.created_at, b.id) < ($1, $2::uuid))
     GROUP BY b.id ORDER BY b.created_at DESC, b.id DESC LIMIT $3`,
    [after?.createdAt ?? null, after?.id ?? null, limit]);
  return rows.map(summary);
}

export async function findBatch(db: Queryable, id: string): Promise<BatchSummary | null> {
  const { rows } = await db.query<SummaryRow>(`${SUMMARY} WHERE b.id = $1 GROUP BY b.id`, [id]);
  return rows[0] ? summary(rows[0]) : null;
}

/** The transfers of a batch in the order of its file. */
export async function batchTransfers(db: Queryable, id: string): Promise<BatchTransfer[]> {
  const { rows } = await db.query<{
    end_to_end_id: string; application_id: string; amount: string; pay_to_name: string; pay_to_iban: string; pay_to_bic: string;
  }>(
    `SELECT end_to_end_id, application_id, amount, pay_to_name, pay_to_iban, pay_to_bic FROM payout_transfers
     WHERE batch_id = $1 ORDER BY added_at, end_to_end_id`, [id]);
  return rows.map((r) => ({
    endToEndId: r.end_to_end_id, applicationId: r.application_id, amount: Number(r.amount), name: r.pay_to_name, iban: r.pay_to_iban, bic: r.pay_to_bic,
  }));
}

export interface TransferForStatement {
  endToEndId: string; status: 'sent' | 'paid' | 'returned'; amount: number; bankReference: string | null;
  applicationId: string; orderId: string; userId: string;
}

/** The transfer an EndToEndId names, locked for settling. */
export async function lockTransfer(tx: Queryable, endToEndId: string): Promise<TransferForStatement | undefined> {
  const { rows } = await tx.query<{
    end_to_end_id: string; status: TransferForStatement['status']; amount: string; bank_reference: string | null;
    application_id: string; order_id: string; user_id: string;
  }>(
    `SELECT t.end_to_end_id, t.status, t.amount, t.bank_reference, t.application_id, p.order_id, p.user_id
     FROM payout_transfers t JOIN refund_payouts p USING (application_id) WHERE t.end_to_end_id = $1 FOR UPDATE OF t, p`, [endToEndId]);
  const r = rows[0];
  return r && {
    endToEndId: r.end_to_end_id, status: r.status, amount: Number(r.amount), bankReference: r.bank_reference,
    applicationId: r.application_id, orderId: r.order_id, userId: r.user_id,
  };
}

export async function markTransferPaid(tx: Queryable, t: TransferForStatement, bankReference: string, now: Date): Promise<void> {
  await tx.query(`UPDATE payout_transfers SET status = 'paid', bank_reference = $2, settled_at = $3 WHERE end_to_end_id = $1 AND status = 'sent'`,
    [t.endToEndId, bankReference, now]);
  await tx.query(
    `UPDATE refund_payouts SET status = 'paid', provider_refund_id = $2, paid_at = $3, last_error = NULL, return_reason = NULL
     WHERE application_id = $1 AND status = 'batched'`, [t.applicationId, bankReference, now]);
}

export async function markTransferReturned(tx: Queryable, t: TransferForStatement, reason: string, now: Date): Promise<void> {
  await tx.query(`UPDATE payout_transfers SET status = 'returned', return_reason = $2, settled_at = $3 WHERE end_to_end_id = $1 AND status = 'sent'`,
    [t.endToEndId, reason.slice(0, 35), now]);
  await tx.query(`UPDATE refund_payouts SET status = 'returned', return_reason = $2 WHERE application_id = $1 AND status = 'batched'`,
    [t.applicationId, reason.slice(0, 35)]);
}

/** New details for a returned payout: it becomes pending again (the caller batches it). false when it was not returned. */
export async function correctReturnedPayout(tx: Queryable, applicationId: string, payTo: PayTo): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE refund_payouts SET pay_to_name = $2, pay_to_iban = $3, pay_to_bic = $4, status = 'pending'
     WHERE application_id = $1 AND method = 'bank-transfer' AND status = 'returned'`, [applicationId, payTo.name, payTo.iban, payTo.bic]);
  return rowCount === 1;
}
