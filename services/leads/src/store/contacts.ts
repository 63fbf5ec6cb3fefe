import type { Queryable } from '@joo/db';
import type { Contact } from '../domain/snapshot.js';

export interface ContactChange {
  fullName?: string | null;
  email?: string | null;
  phone?: string | null;
  region?: string | null;
  locale?: 'kk' | 'ru';
  untScores?: Record<string, number> | null;
  offerVersion?: number;
  crossBorderTransfer?: boolean;
}

const COLUMN: Record<keyof ContactChange, string> = {
  fullName: 'full_name', email: 'email', phone: 'phone', region: 'region', locale: 'locale', untScores: 'unt_scores',
  offerVersion: 'offer_version', crossBorderTransfer: 'cross_border_transfer',
};

/**
 * Applies what an identity event says about a user. Events of one user arrive in order on one
 * stream, but a replayed dead letter may be older than what we hold: an event older than the last
 * applied one changes nothing. An erased user is never brought back.
 */
export async function applyContactChange(db: Queryable, userId: string, change: ContactChange, at: Date): Promise<void> {
  const entries = (Object.keys(change) as Array<keyof ContactChange>).filter((k) => change[k] !== undefined);
  const values = entries.map((k) => (k === 'untScores' && change[k] !== null ? JSON.stringify(change[k]) : change[k]));
  const columns = entries.map((k) => COLUMN[k]);
  const set = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
  await db.query(
    `INSERT INTO contacts (user_id, source_time${columns.map((c) => `, ${c}`).join('')})
     VALUES ($1, $2${columns.map((_, i) => `, $${i + 3}`).join('')})
     ON CONFLICT (user_id) DO UPDATE SET source_time = $2${set ? `, ${set}` : ''}
     WHERE contacts.erased_at IS NULL AND contacts.source_time <= $2`,
    [userId, at, ...values]);
}

export async function findContact(db: Queryable, userId: string, options: { forUpdate?: boolean } = {}): Promise<(Contact & { erased: boolean }) | null> {
  const { rows } = await db.query<{
    full_name: string | null; email: string | null; phone: string | null; region: string | null; locale: 'kk' | 'ru';
    unt_scores: Record<string, number> | null; offer_version: number | null; cross_border_transfer: boolean; erased_at: Date | null;
  }>(`SELECT full_name, email, phone, region, locale, unt_scores, offer_version, cross_border_transfer, erased_at
      FROM contacts WHERE user_id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`, [userId]);
  const r = rows[0];
  if (!r) return null;
  return {
    fullName: r.full_name, email: r.email, phone: r.phone, region: r.region, locale: r.locale, untScores: r.unt_scores,
    offerVersion: r.offer_version, crossBorderTransfer: r.cross_border_transfer, erased: r.erased_at !== null,
  };
}

/** Forgets the contact data; the row stays as a tombstone so a late event cannot restore it. */
export async function eraseContact(db: Queryable, userId: string, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO contacts (user_id, source_time, erased_at) VALUES ($1, $2, $2)
     ON CONFLICT (user_id) DO UPDATE SET full_name = NULL, email = NULL, phone = NULL, region = NULL, unt_scores = NULL,
       erased_at = $2, source_time = GREATEST(contacts.source_time, $2)`,
    [userId, at]);
}
