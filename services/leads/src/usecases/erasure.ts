import type { Queryable } from '@joo/db';
import { eraseContact } from '../store/contacts.js';
import { forgetMock } from '../store/mock-scores.js';

/**
 * identity.user.erased: the student's personal data leaves leads. Their leads stay (counts per
 * university, programme, region and status survive) without name, phone, e-mail, scores, message or
 * the university's note; undelivered webhooks are cancelled so nothing is sent afterwards; the
 * ledger rows — which name fields, never values — are kept as proof of what was transferred, and
 * marked.
 */
export async function pseudonymiseUser(tx: Queryable, userId: string, at: Date): Promise<void> {
  await eraseContact(tx, userId, at);
  await forgetMock(tx, userId);
  await tx.query('DELETE FROM choices WHERE user_id = $1', [userId]);
  await tx.query(
    `UPDATE leads SET contact = NULL, message = NULL, status_note = NULL, pseudonymised_at = $2
     WHERE user_id = $1 AND pseudonymised_at IS NULL`, [userId, at]);
  await tx.query(
    `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, last_error = 'the student''s data was erased'
     WHERE status IN ('pending', 'failed') AND lead_id IN (SELECT id FROM leads WHERE user_id = $1)`, [userId]);
  await tx.query('UPDATE transfers SET subject_erased_at = $2 WHERE user_id = $1 AND subject_erased_at IS NULL', [userId, at]);
}
