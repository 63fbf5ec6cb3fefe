import type { Queryable } from '@joo/db';
import type { Locale } from '../domain/templates.js';

export interface Recipient {
  userId: string;
  fullName: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  locale: Locale;
  consents: { email: boolean; sms: boolean; voice: boolean };
  /** offer 3.7: may the user's messages go to SendGrid and Twilio (abroad)? Without it, the in-app inbox only. */
  crossBorder: boolean;
  erased: boolean;
}

export interface Contacts { fullName: string; email: string; phone: string; region: string; locale: Locale }
export interface Consents { marketingEmail: boolean; marketingSms: boolean; marketingCalls: boolean; crossBorderTransfer: boolean }

/** Contact details as of `at`; an older event than the one applied last changes nothing. Erased users stay erased. */
export async function upsertContacts(db: Queryable, userId: string, c: Contacts, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO recipients (user_id, full_name, email, phone, region, locale, contacts_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now())
     ON CONFLICT (user_id) DO UPDATE SET full_name = $2, email = $3, phone = $4, region = $5, locale = $6, contacts_at = $7, updated_at = now()
     WHERE recipients.erased_at IS NULL AND (recipients.contacts_at IS NULL OR recipients.contacts_at <= $7)`,
    [userId, c.fullName, c.email || null, c.phone || null, c.region || null, c.locale, at]);
}

/** The consents as of `at`; returns whether they were applied (an older event than the last one applied changes nothing). */
export async function upsertConsents(db: Queryable, userId: string, c: Consents, at: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO recipients (user_id, marketing_email, marketing_sms, marketing_calls, cross_border_transfer, consents_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (user_id) DO UPDATE SET marketing_email = $2, marketing_sms = $3, marketing_calls = $4, cross_border_transfer = $5,
       consents_at = $6, updated_at = now()
     WHERE recipients.erased_at IS NULL AND (recipients.consents_at IS NULL OR recipients.consents_at <= $6)`,
    [userId, c.marketingEmail, c.marketingSms, c.marketingCalls, c.crossBorderTransfer, at]);
  return (rowCount ?? 0) > 0;
}

export async function findRecipient(db: Queryable, userId: string): Promise<Recipient | null> {
  const { rows } = await db.query(
    `SELECT user_id, full_name, email, phone, region, locale, marketing_email, marketing_sms, marketing_calls, cross_border_transfer, erased_at
       FROM recipients WHERE user_id = $1`, [userId]);
  const r = rows[0];
  if (!r) return null;
  return {
    userId: r.user_id, fullName: r.full_name, email: r.email, phone: r.phone, region: r.region, locale: r.locale,
    consents: { email: r.marketing_email, sms: r.marketing_sms, voice: r.marketing_calls }, crossBorder: r.cross_border_transfer,
    erased: r.erased_at !== null,
  };
}

/**
 * Keeps a tombstone (so late events find the user erased) without any personal data. The
 * cross-border consent stays: the erasure notice, sent after, still needs to know where it may go.
 */
export async function eraseRecipient(db: Queryable, userId: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO recipients (user_id, erased_at, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (user_id) DO UPDATE SET full_name = NULL, email = NULL, phone = NULL, region = NULL,
       marketing_email = false, marketing_sms = false, marketing_calls = false, erased_at = $2, updated_at = now()`,
    [userId, at]);
}
