import { randomUUID } from 'node:crypto';
import type { Queryable } from '@joo/db';
import type { WindowSpan } from '../domain/weekly-windows.js';

export interface MockWindow extends WindowSpan { id: string; source: 'weekly' | 'admin' }

type Row = { id: string; opens_at: Date; closes_at: Date; source: 'weekly' | 'admin' };
const toWindow = (r: Row): MockWindow => ({ id: r.id, opensAt: r.opens_at, closesAt: r.closes_at, source: r.source });

/** 23P01: the exclusion constraint refused an overlapping window. */
const isOverlap = (error: unknown) => (error as { code?: string }).code === '23P01';

/** Stores an admin window; null when it overlaps a stored one. */
export async function insertAdminWindow(db: Queryable, w: WindowSpan & { createdBy: string; now: Date }): Promise<string | null> {
  const id = randomUUID();
  try {
    await db.query(
      `INSERT INTO mock_windows (id, opens_at, closes_at, source, created_by, created_at) VALUES ($1, $2, $3, 'admin', $4, $5)`,
      [id, w.opensAt, w.closesAt, w.createdBy, w.now]);
    return id;
  } catch (error) {
    if (isOverlap(error)) return null;
    throw error;
  }
}

/**
 * Stores a weekly window unless it is stored already, or an admin window overlapping it was
 * (ON CONFLICT DO NOTHING covers the exclusion constraint: the admin window wins).
 */
export async function ensureWeeklyWindow(db: Queryable, w: WindowSpan, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO mock_windows (id, opens_at, closes_at, source, created_at) VALUES ($1, $2, $3, 'weekly', $4) ON CONFLICT DO NOTHING`,
    [randomUUID(), w.opensAt, w.closesAt, now]);
}

export async function windowOpenAt(db: Queryable, now: Date): Promise<MockWindow | null> {
  const { rows } = await db.query<Row>('SELECT id, opens_at, closes_at, source FROM mock_windows WHERE opens_at <= $1 AND closes_at > $1', [now]);
  return rows[0] ? toWindow(rows[0]) : null;
}

/** Stored windows still open or to come, soonest first. */
export async function windowsFrom(db: Queryable, now: Date, limit = 50): Promise<MockWindow[]> {
  const { rows } = await db.query<Row>(
    'SELECT id, opens_at, closes_at, source FROM mock_windows WHERE closes_at > $1 ORDER BY opens_at LIMIT $2', [now, limit]);
  return rows.map(toWindow);
}

/**
 * Claims one open window not yet announced (SKIP LOCKED: another replica claims another or none);
 * the caller writes the event in the same transaction, so each window is announced once.
 */
export async function claimUnannouncedWindow(db: Queryable, now: Date): Promise<MockWindow | null> {
  const { rows } = await db.query<Row>(
    `UPDATE mock_windows SET announced_at = $1 WHERE id = (
       SELECT id FROM mock_windows WHERE announced_at IS NULL AND opens_at <= $1 AND closes_at > $1
       ORDER BY opens_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     RETURNING id, opens_at, closes_at, source`, [now]);
  return rows[0] ? toWindow(rows[0]) : null;
}
