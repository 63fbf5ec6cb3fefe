import type { Queryable } from '@joo/db';
import type { DrawWinner } from '../domain/draw.js';
import type { ContestStatus } from '../domain/lifecycle.js';
import type { ProfileField } from '../domain/profile-fields.js';

export interface Localized { kk: string; ru: string }
export interface Prize { name: string; quantity: number; taxable: boolean }
export interface Eligibility { requiredProfileFields: ProfileField[]; regions?: string[] }
export interface StoredDraw { entryIds: string[]; entriesDigest: string; winners: DrawWinner[]; algorithm: string }

export interface ContestFields {
  kind: string;
  title: Localized;
  description: Localized;
  conditions: Localized;
  sponsor: { name: string };
  prizes: Prize[];
  startsAt: Date;
  endsAt: Date;
  eligibility: Eligibility;
}

export interface Contest extends ContestFields {
  id: string;
  status: ContestStatus;
  seed: Buffer | null;
  commitment: string | null;
  launchedAt: Date | null;
  drawnAt: Date | null;
  draw: StoredDraw | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string; kind: string; status: ContestStatus; title: Localized; description: Localized; conditions: Localized;
  sponsor: { name: string }; prizes: Prize[]; starts_at: Date; ends_at: Date; eligibility: Eligibility;
  seed: Buffer | null; commitment: string | null; launched_at: Date | null; drawn_at: Date | null; draw: StoredDraw | null;
  created_at: Date; updated_at: Date;
}

const fromRow = (r: Row): Contest => ({
  id: r.id, kind: r.kind, status: r.status, title: r.title, description: r.description, conditions: r.conditions,
  sponsor: r.sponsor, prizes: r.prizes, startsAt: r.starts_at, endsAt: r.ends_at, eligibility: r.eligibility,
  seed: r.seed, commitment: r.commitment, launchedAt: r.launched_at, drawnAt: r.drawn_at, draw: r.draw,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

/** Inserts a draft; false when the id exists (the seed relies on that). */
export async function insertContest(q: Queryable, id: string, f: ContestFields, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO contests (id, kind, status, title, description, conditions, sponsor, prizes, starts_at, ends_at, eligibility, created_at, updated_at)
     VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (id) DO NOTHING`,
    [id, f.kind, f.title, f.description, f.conditions, f.sponsor, JSON.stringify(f.prizes), f.startsAt, f.endsAt, f.eligibility, now]);
  return rowCount === 1;
}

export async function findContest(q: Queryable, id: string, options: { forUpdate?: boolean; forShare?: boolean } = {}): Promise<Contest | null> {
  const lock = options.forUpdate ? ' FOR UPDATE' : options.forShare ? ' FOR SHARE' : '';
  const { rows } = await q.query<Row>(`SELECT * FROM contests WHERE id = $1${lock}`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function saveFields(q: Queryable, id: string, f: ContestFields, now: Date): Promise<void> {
  await q.query(
    `UPDATE contests SET kind = $2, title = $3, description = $4, conditions = $5, sponsor = $6, prizes = $7,
       starts_at = $8, ends_at = $9, eligibility = $10, updated_at = $11 WHERE id = $1`,
    [id, f.kind, f.title, f.description, f.conditions, f.sponsor, JSON.stringify(f.prizes), f.startsAt, f.endsAt, f.eligibility, now]);
}

export async function saveStatus(
  q: Queryable, id: string, status: ContestStatus, now: Date,
  extra: { seed?: Buffer; commitment?: string; launchedAt?: Date; drawnAt?: Date; draw?: StoredDraw } = {},
): Promise<void> {
  await q.query(
    `UPDATE contests SET status = $2, updated_at = $3,
       seed = COALESCE($4, seed), commitment = COALESCE($5, commitment), launched_at = COALESCE($6, launched_at),
       drawn_at = COALESCE($7, drawn_at), draw = COALESCE($8, draw)
     WHERE id = $1`,
    [id, status, now, extra.seed ?? null, extra.commitment ?? null, extra.launchedAt ?? null, extra.drawnAt ?? null,
      extra.draw ? JSON.stringify(extra.draw) : null]);
}

/** Newest first by start; `launchedOnly` hides drafts (what students see). */
export async function listContests(
  q: Queryable, options: { launchedOnly: boolean; limit: number; after?: [string, string] },
): Promise<Contest[]> {
  const order = options.launchedOnly ? 'starts_at' : 'created_at';
  const { rows } = await q.query<Row>(
    `SELECT * FROM contests
      WHERE ($1::boolean IS FALSE OR status <> 'draft')
        AND ($2::timestamptz IS NULL OR (${order}, id) < ($2, $3::uuid))
      ORDER BY ${order} DESC, id DESC LIMIT $4`,
    [options.launchedOnly, options.after?.[0] ?? null, options.after?.[1] ?? null, options.limit]);
  return rows.map(fromRow);
}

export interface AuditRecord { actorId: string | null; action: string; changes: Record<string, unknown>; at: Date }

export async function insertAudit(q: Queryable, contestId: string, a: AuditRecord): Promise<void> {
  await q.query('INSERT INTO contest_audit (contest_id, actor_id, action, changes, at) VALUES ($1, $2, $3, $4, $5)',
    [contestId, a.actorId, a.action, JSON.stringify(a.changes), a.at]);
}

export async function listAudit(q: Queryable, contestId: string): Promise<AuditRecord[]> {
  const { rows } = await q.query<{ actor_id: string | null; action: string; changes: Record<string, unknown>; at: Date }>(
    'SELECT actor_id, action, changes, at FROM contest_audit WHERE contest_id = $1 ORDER BY id', [contestId]);
  return rows.map((r) => ({ actorId: r.actor_id, action: r.action, changes: r.changes, at: r.at }));
}
