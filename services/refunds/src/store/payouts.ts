import type { Queryable } from '@joo/db';

export type PayoutMethod = 'bank-transfer' | 'card';

/** How an approved application is paid, and whether the bank returned the transfer. */
export interface PayoutState {
  method: PayoutMethod;
  methodReason: string | null;
  returnedAt: Date | null;
  returnReason: string | null;
  correctedAt: Date | null;
}

export async function insertPayoutMethod(db: Queryable, applicationId: string, method: PayoutMethod, reason: string | null): Promise<void> {
  await db.query(`INSERT INTO application_payouts (application_id, method, method_reason) VALUES ($1, $2, $3)`, [applicationId, method, reason]);
}

export async function findPayoutState(db: Queryable, applicationId: string, options: { lock?: boolean } = {}): Promise<PayoutState | null> {
  const { rows } = await db.query<{ method: PayoutMethod; method_reason: string | null; returned_at: Date | null; return_reason: string | null; corrected_at: Date | null }>(
    `SELECT method, method_reason, returned_at, return_reason, corrected_at FROM application_payouts WHERE application_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
    [applicationId]);
  const r = rows[0];
  return r ? { method: r.method, methodReason: r.method_reason, returnedAt: r.returned_at, returnReason: r.return_reason, correctedAt: r.corrected_at } : null;
}

/** billing.refund.returned: the transfer came back; a repeat of the same return changes nothing. */
export async function markPayoutReturned(db: Queryable, applicationId: string, d: { at: Date; reason: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE application_payouts SET returned_at = $2, return_reason = $3, corrected_at = NULL
     WHERE application_id = $1 AND (returned_at IS NULL OR returned_at < $2)`, [applicationId, d.at, d.reason]);
  return (rowCount ?? 0) > 0;
}

/** The student's new details are on the application; the return is answered. */
export async function markPayoutCorrected(db: Queryable, applicationId: string, d: { at: Date; name: string; iban: string; bic: string }): Promise<void> {
  await db.query(`UPDATE applications SET payer_full_name = $2, account_iban = $3, bank_bic = $4 WHERE id = $1`, [applicationId, d.name, d.iban, d.bic]);
  await db.query(`UPDATE application_payouts SET corrected_at = $2 WHERE application_id = $1`, [applicationId, d.at]);
}
