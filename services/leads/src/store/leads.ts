import type { Queryable } from '@joo/db';
import type { LeadStatus } from '../domain/partner-status.js';
import type { ContactSnapshot, TransferConsent } from '../domain/snapshot.js';
import type { Bilingual } from './universities.js';

export interface ProgrammeRef { id: string; code: string; name: Bilingual }

export interface Lead {
  id: string;
  userId: string;
  universityId: string;
  universityName: Bilingual;
  programme: ProgrammeRef | null;
  message: string | null;
  contact: ContactSnapshot | null;
  sharedFields: string[];
  consent: TransferConsent;
  status: LeadStatus;
  statusNote: string | null;
  statusChangedAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  pseudonymised: boolean;
}

interface Row {
  id: string; user_id: string; university_id: string; name_kk: string; name_ru: string; programme: ProgrammeRef | null;
  message: string | null; contact: ContactSnapshot | null; shared_fields: string[]; consent: TransferConsent; status: LeadStatus;
  status_note: string | null; status_changed_at: Date | null; delivered_at: Date | null; created_at: Date; pseudonymised_at: Date | null;
}

const SELECT = `SELECT l.*, u.name_kk, u.name_ru FROM leads l JOIN universities u ON u.id = l.university_id`;

const toLead = (r: Row): Lead => ({
  id: r.id, userId: r.user_id, universityId: r.university_id, universityName: { kk: r.name_kk, ru: r.name_ru },
  programme: r.programme, message: r.message, contact: r.contact, sharedFields: r.shared_fields, consent: r.consent,
  status: r.status, statusNote: r.status_note, statusChangedAt: r.status_changed_at?.toISOString() ?? null,
  deliveredAt: r.delivered_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(), pseudonymised: r.pseudonymised_at !== null,
});

export async function insertLead(db: Queryable, l: {
  id: string; userId: string; universityId: string; programme: ProgrammeRef | null; message: string | null;
  contact: ContactSnapshot; sharedFields: string[]; consent: TransferConsent; now: Date;
}): Promise<void> {
  await db.query(
    `INSERT INTO leads (id, user_id, university_id, programme, message, contact, shared_fields, consent, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [l.id, l.userId, l.universityId, l.programme ? JSON.stringify(l.programme) : null, l.message, JSON.stringify(l.contact),
      l.sharedFields, JSON.stringify(l.consent), l.now]);
}

/** The student's latest lead to this university created after `since`. */
export async function recentLead(db: Queryable, userId: string, universityId: string, since: Date): Promise<Lead | null> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE l.user_id = $1 AND l.university_id = $2 AND l.created_at > $3 ORDER BY l.created_at DESC LIMIT 1`,
    [userId, universityId, since]);
  return rows[0] ? toLead(rows[0]) : null;
}

export async function findLead(db: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Lead | null> {
  const { rows } = await db.query<Row>(`${SELECT} WHERE l.id = $1 ${options.forUpdate ? 'FOR UPDATE OF l' : ''}`, [id]);
  return rows[0] ? toLead(rows[0]) : null;
}

export async function leadsOfUser(db: Queryable, userId: string, after: [string, string] | undefined, limit: number): Promise<Lead[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE l.user_id = $1 AND ($2::timestamptz IS NULL OR (l.created_at, l.id) < ($2, $3::uuid))
     ORDER BY l.created_at DESC, l.id DESC LIMIT $4`, [userId, after?.[0] ?? null, after?.[1] ?? null, limit]);
  return rows.map(toLead);
}

/** A university's leads, oldest first, from `since` on (keyset after the cursor). */
export async function leadsOfUniversity(
  db: Queryable, universityId: string, filter: { since?: Date; after?: [string, string]; limit: number },
): Promise<Lead[]> {
  const { rows } = await db.query<Row>(
    `${SELECT} WHERE l.university_id = $1 AND ($2::timestamptz IS NULL OR l.created_at >= $2)
       AND ($3::timestamptz IS NULL OR (l.created_at, l.id) > ($3, $4::uuid))
     ORDER BY l.created_at, l.id LIMIT $5`,
    [universityId, filter.since ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit]);
  return rows.map(toLead);
}

export async function setStatus(db: Queryable, id: string, s: { status: LeadStatus; note: string | null; by: string; now: Date }): Promise<void> {
  await db.query(
    'UPDATE leads SET status = $2, status_note = $3, status_changed_at = $4, status_changed_by = $5 WHERE id = $1',
    [id, s.status, s.note, s.now, s.by]);
}

/** Marks the lead delivered the first time; true when this call did it. */
export async function markDelivered(db: Queryable, id: string, via: 'webhook' | 'pull', now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    'UPDATE leads SET delivered_at = $2, delivered_via = $3 WHERE id = $1 AND delivered_at IS NULL', [id, now, via]);
  return (rowCount ?? 0) > 0;
}
