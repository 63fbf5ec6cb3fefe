import type { Queryable } from '@joo/db';

export interface Consents {
  marketingEmail: boolean;
  marketingSms: boolean;
  marketingCalls: boolean;
  crossBorderTransfer: boolean;
}

export const NO_CONSENTS: Consents = Object.freeze({
  marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: false,
});

export type ConsentSource = 'registration' | 'user' | 'erasure';

export async function getConsents(db: Queryable, userId: string): Promise<Consents> {
  const { rows } = await db.query<{
    marketing_email: boolean; marketing_sms: boolean; marketing_calls: boolean; cross_border_transfer: boolean;
  }>('SELECT marketing_email, marketing_sms, marketing_calls, cross_border_transfer FROM consents WHERE user_id = $1', [userId]);
  const r = rows[0];
  return r
    ? { marketingEmail: r.marketing_email, marketingSms: r.marketing_sms, marketingCalls: r.marketing_calls, crossBorderTransfer: r.cross_border_transfer }
    : { ...NO_CONSENTS };
}

/** Sets the current consents and appends them to the history. */
export async function saveConsents(
  db: Queryable, userId: string, c: Consents, source: ConsentSource, now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO consents (user_id, marketing_email, marketing_sms, marketing_calls, cross_border_transfer, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (user_id) DO UPDATE SET marketing_email = $2, marketing_sms = $3, marketing_calls = $4,
       cross_border_transfer = $5, updated_at = $6`,
    [userId, c.marketingEmail, c.marketingSms, c.marketingCalls, c.crossBorderTransfer, now]);
  await db.query(
    'INSERT INTO consent_history (user_id, changed_at, consents, source) VALUES ($1, $2, $3, $4)',
    [userId, now, JSON.stringify(c), source]);
}
