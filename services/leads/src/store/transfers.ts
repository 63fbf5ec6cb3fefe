import type { Queryable } from '@joo/db';
import type { TransferConsent } from '../domain/snapshot.js';
import type { Bilingual } from './universities.js';

export interface Transfer {
  id: string;
  leadId: string;
  university: { id: string; name: Bilingual };
  partnerId: string;
  channel: 'webhook' | 'pull';
  fields: string[];
  consent: TransferConsent;
  transferredAt: string;
}

/** Appends a ledger row; a repeated pull by the same partner adds none. True when a row was added. */
export async function recordTransfer(db: Queryable, t: {
  id: string; leadId: string; userId: string; universityId: string; universityName: Bilingual; partnerId: string;
  channel: 'webhook' | 'pull'; fields: string[]; consent: TransferConsent; now: Date;
}): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO transfers (id, lead_id, user_id, university_id, university_name, partner_id, channel, fields, consent, transferred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [t.id, t.leadId, t.userId, t.universityId, JSON.stringify(t.universityName), t.partnerId, t.channel, t.fields,
      JSON.stringify(t.consent), t.now]);
  return (rowCount ?? 0) > 0;
}

export async function transfersOfUser(db: Queryable, userId: string, after: [string, string] | undefined, limit: number): Promise<Transfer[]> {
  const { rows } = await db.query<{
    id: string; lead_id: string; university_id: string; university_name: Bilingual; partner_id: string; channel: 'webhook' | 'pull';
    fields: string[]; consent: TransferConsent; transferred_at: Date;
  }>(
    `SELECT * FROM transfers WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (transferred_at, id) < ($2, $3::uuid))
     ORDER BY transferred_at DESC, id DESC LIMIT $4`, [userId, after?.[0] ?? null, after?.[1] ?? null, limit]);
  return rows.map((r) => ({
    id: r.id, leadId: r.lead_id, university: { id: r.university_id, name: r.university_name }, partnerId: r.partner_id,
    channel: r.channel, fields: r.fields, consent: r.consent, transferredAt: r.transferred_at.toISOString(),
  }));
}
