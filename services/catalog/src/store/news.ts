import type { Queryable } from '@joo/db';

export interface Bilingual { kk: string; ru: string }
export interface Origin { source: string; id: string; kind: string }

export interface News {
  id: string;
  title: Bilingual;
  summary: Bilingual | null;
  body: Bilingual;
  status: 'draft' | 'published';
  publishedAt: Date | null;
  origin: Origin | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string; title: Bilingual; summary: Bilingual | null; body: Bilingual; status: 'draft' | 'published'; published_at: Date | null;
  origin_source: string | null; origin_id: string | null; origin_kind: string | null; created_at: Date; updated_at: Date;
}

function toNews(r: Row): News {
  return {
    id: r.id, title: r.title, summary: r.summary, body: r.body, status: r.status, publishedAt: r.published_at,
    origin: r.origin_source ? { source: r.origin_source, id: r.origin_id!, kind: r.origin_kind! } : null,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Inserts a news item; false when one with the same origin exists (a replayed contest event). */
export async function insertNews(q: Queryable, n: Omit<News, 'updatedAt'>): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO news (id, title, summary, body, status, published_at, origin_source, origin_id, origin_kind, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT DO NOTHING`,
    [n.id, n.title, n.summary, n.body, n.status, n.publishedAt, n.origin?.source ?? null, n.origin?.id ?? null, n.origin?.kind ?? null, n.createdAt]);
  return rowCount === 1;
}

export async function findNews(q: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<News | null> {
  const { rows } = await q.query<Row>(`SELECT * FROM news WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toNews(rows[0]) : null;
}

export async function updateNews(q: Queryable, n: News, now: Date): Promise<void> {
  await q.query('UPDATE news SET title = $2, summary = $3, body = $4, status = $5, published_at = $6, updated_at = $7 WHERE id = $1',
    [n.id, n.title, n.summary, n.body, n.status, n.publishedAt, now]);
}

export async function deleteNews(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM news WHERE id = $1', [id]);
  return rowCount === 1;
}

/** Published news, newest first, after the cursor (publishedAt, id). */
export async function listPublished(q: Queryable, f: { before?: { publishedAt: Date; id: string }; limit: number }): Promise<News[]> {
  const { rows } = await q.query<Row>(
    `SELECT * FROM news WHERE status = 'published' AND ($1::timestamptz IS NULL OR (published_at, id) < ($1, $2::uuid))
     ORDER BY published_at DESC, id DESC LIMIT $3`,
    [f.before?.publishedAt ?? null, f.before?.id ?? null, f.limit]);
  return rows.map(toNews);
}

/** Every news item (admins), newest created first. */
export async function listAllNews(q: Queryable, f: { before?: string; limit: number }): Promise<News[]> {
  const { rows } = await q.query<Row>('SELECT * FROM news WHERE ($1::uuid IS NULL OR id < $1) ORDER BY id DESC LIMIT $2', [f.before ?? null, f.limit]);
  return rows.map(toNews);
}
