import type { Queryable } from '@joo/db';
import type { Channel } from '../domain/quiet-hours.js';
import type { Locale } from '../domain/templates.js';

/** A broadcast's own text (instead of a template), or a shutdown notice's date and message. */
export interface BroadcastContent {
  subject?: Record<Locale, string>;
  body?: Record<Locale, string>;
  shutdownAt?: string;
  message?: Record<Locale, string>;
}

export interface Broadcast {
  id: string;
  kind: 'marketing' | 'shutdown';
  status: 'scheduled' | 'expanded';
  audience: { regions?: string[]; locales?: Locale[] };
  channels: Channel[];
  template: string | null;
  content: BroadcastContent | null;
  scheduleAt: Date;
  createdBy: string;
  createdAt: Date;
  expandedAt: Date | null;
  total: number | null;
}

const fromRow = (r: Record<string, unknown>): Broadcast => ({
  id: r.id as string, kind: r.kind as Broadcast['kind'], status: r.status as Broadcast['status'], audience: r.audience as Broadcast['audience'],
  channels: r.channels as Channel[], template: r.template as string | null, content: r.content as BroadcastContent | null,
  scheduleAt: r.schedule_at as Date, createdBy: r.created_by as string, createdAt: r.created_at as Date,
  expandedAt: r.expanded_at as Date | null, total: r.total as number | null,
});

export async function insertBroadcast(db: Queryable, b: Omit<Broadcast, 'status' | 'expandedAt' | 'total'>): Promise<void> {
  await db.query(
    `INSERT INTO broadcasts (id, kind, status, audience, channels, template, content, schedule_at, created_by, created_at)
     VALUES ($1, $2, 'scheduled', $3, $4, $5, $6, $7, $8, $9)`,
    [b.id, b.kind, JSON.stringify(b.audience), b.channels, b.template, b.content ? JSON.stringify(b.content) : null, b.scheduleAt, b.createdBy, b.createdAt]);
}

export async function findBroadcast(db: Queryable, id: string): Promise<Broadcast | null> {
  const { rows } = await db.query('SELECT * FROM broadcasts WHERE id = $1', [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** One due broadcast, locked for this transaction (another replica skips it). */
export async function claimDueBroadcast(db: Queryable, now: Date): Promise<Broadcast | null> {
  const { rows } = await db.query(
    `SELECT * FROM broadcasts WHERE status = 'scheduled' AND schedule_at <= $1 ORDER BY schedule_at LIMIT 1 FOR UPDATE SKIP LOCKED`, [now]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function markExpanded(db: Queryable, id: string, total: number, now: Date): Promise<void> {
  await db.query(`UPDATE broadcasts SET status = 'expanded', total = $2, expanded_at = $3 WHERE id = $1`, [id, total, now]);
}

/** Messages of a broadcast by status. */
export async function broadcastCounts(db: Queryable, id: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM messages WHERE broadcast_id = $1 GROUP BY status', [id]);
  const counts: Record<string, number> = { pending: 0, sending: 0, sent: 0, delivered: 0, failed: 0, cancelled: 0, inbox: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Shutdown notices whose instant has not passed, the soonest first (offer 2.8: the site's home page shows them). */
export async function upcomingShutdowns(db: Queryable, now: Date): Promise<Broadcast[]> {
  const { rows } = await db.query(
    `SELECT * FROM broadcasts WHERE kind = 'shutdown' AND (content->>'shutdownAt')::timestamptz >= $1
      ORDER BY (content->>'shutdownAt')::timestamptz, created_at LIMIT 20`, [now]);
  return rows.map(fromRow);
}
