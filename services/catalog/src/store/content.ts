import type { Queryable } from '@joo/db';

export type ContentType = 'lesson' | 'live' | 'test-set';
export type Lang = 'kk' | 'ru';
export type SomeLanguages = { kk?: string; ru?: string };

export interface ContentFields {
  type: ContentType;
  subject: string;
  languages: Lang[];
  title: SomeLanguages;
  description?: SomeLanguages | null;
  mediaRef: string;
  durationMinutes?: number | null;
  /** live broadcasts: when it starts */
  startsAt: Date | null;
  questionCount?: number | null;
}

export interface NewContent extends ContentFields {
  id: string;
  productIds: string[];
}

export interface ContentItem extends NewContent {
  status: 'published' | 'archived';
  /** Bumped by every change to the item or its products (caches compare it). */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string; type: ContentType; subject: string; languages: Lang[]; title: SomeLanguages; description: SomeLanguages | null;
  media_ref: string; duration_minutes: number | null; starts_at: Date | null; question_count: number | null;
  status: 'published' | 'archived'; created_at: Date; updated_at: Date; product_ids: string[]; revision: string;
}

// Columns named rather than c.*: a migration adding a column under running replicas does not change
// the rows this returns (nor, were it ever prepared, fail it with "cached plan must not change result type").
const SELECT = `SELECT c.id, c.type, c.subject, c.languages, c.title, c.description, c.media_ref, c.duration_minutes, c.starts_at,
  c.question_count, c.status, c.created_at, c.updated_at, c.revision, COALESCE((SELECT array_agg(cp.product_id::text ORDER BY cp.product_id) FROM content_products cp
  WHERE cp.content_id = c.id), '{}') AS product_ids FROM content_items c`;

function toItem(r: Row): ContentItem {
  return {
    id: r.id, type: r.type, subject: r.subject, languages: r.languages, title: r.title, description: r.description,
    mediaRef: r.media_ref, durationMinutes: r.duration_minutes, startsAt: r.starts_at, questionCount: r.question_count,
    status: r.status, createdAt: r.created_at, updatedAt: r.updated_at, productIds: r.product_ids, revision: Number(r.revision),
  };
}

/** Inserts an item and its products; false when the id exists (seeding twice changes nothing). */
export async function insertContent(q: Queryable, c: NewContent, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO content_items (id, type, subject, languages, title, description, media_ref, duration_minutes, starts_at,
       question_count, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (id) DO NOTHING`,
    [c.id, c.type, c.subject, c.languages, c.title, c.description ?? null, c.mediaRef, c.durationMinutes ?? null, c.startsAt,
      c.questionCount ?? null, now]);
  if (rowCount !== 1) return false;
  await setContentProducts(q, c.id, c.productIds);
  return true;
}

export async function setContentProducts(q: Queryable, contentId: string, productIds: string[]): Promise<void> {
  await q.query('UPDATE content_items SET revision = revision + 1 WHERE id = $1', [contentId]);
  await q.query('DELETE FROM content_products WHERE content_id = $1', [contentId]);
  if (productIds.length > 0) {
    await q.query('INSERT INTO content_products (content_id, product_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING', [contentId, productIds]);
  }
}

export async function updateContent(q: Queryable, id: string, c: ContentFields & { status: 'published' | 'archived' }, now: Date): Promise<void> {
  await q.query(
    `UPDATE content_items SET type = $2, subject = $3, languages = $4, title = $5, description = $6, media_ref = $7,
       duration_minutes = $8, starts_at = $9, question_count = $10, status = $11, updated_at = $12, revision = revision + 1
     WHERE id = $1`,
    [id, c.type, c.subject, c.languages, c.title, c.description ?? null, c.mediaRef, c.durationMinutes ?? null, c.startsAt,
      c.questionCount ?? null, c.status, now]);
}

export async function findContent(q: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<ContentItem | null> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE c.id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toItem(rows[0]) : null;
}

export interface ContentFilter {
  subject?: string;
  lang?: Lang;
  type?: ContentType;
  productId?: string;
  /** admins list archived items too */
  includeArchived: boolean;
  /** id of the last item of the previous page (newest first) */
  before?: string;
  limit: number;
}

export async function listContent(q: Queryable, f: ContentFilter): Promise<ContentItem[]> {
  const { rows } = await q.query<Row>(
    `${SELECT} WHERE ($1::boolean OR c.status = 'published') AND ($2::text IS NULL OR c.subject = $2)
       AND ($3::text IS NULL OR $3 = ANY (c.languages)) AND ($4::text IS NULL OR c.type = $4)
       AND ($5::uuid IS NULL OR EXISTS (SELECT 1 FROM content_products cp WHERE cp.content_id = c.id AND cp.product_id = $5))
       AND ($6::uuid IS NULL OR c.id < $6)
     ORDER BY c.id DESC LIMIT $7`,
    [f.includeArchived, f.subject ?? null, f.lang ?? null, f.type ?? null, f.productId ?? null, f.before ?? null, f.limit]);
  return rows.map(toItem);
}

// Live content needs course time: in the bonus period after course_until only recorded lessons and
// test sets stay open (offer Appendix 2, ADR 0020). `bonus_only` tells that denial apart.
const ACCESS = `SELECT k.n, c.revision, c.status, EXISTS (SELECT 1 FROM content_products cp JOIN entitlements e ON e.product_id = cp.product_id
    WHERE cp.content_id = c.id AND e.user_id = k.user_id AND e.status = 'active' AND e.valid_from <= k.at AND e.valid_until > k.at
      AND (c.type <> 'live' OR e.course_until IS NULL OR e.course_until > k.at)) AS entitled,
  c.type = 'live' AND EXISTS (SELECT 1 FROM content_products cp JOIN entitlements e ON e.product_id = cp.product_id
    WHERE cp.content_id = c.id AND e.user_id = k.user_id AND e.status = 'active' AND e.valid_from <= k.at AND e.valid_until > k.at
      AND e.course_until <= k.at) AS bonus_only
  FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) WITH ORDINALITY AS k(content_id, user_id, at, n)
  JOIN content_items c ON c.id = k.content_id`;

export interface ContentAccessKey { contentId: string; userId: string | null; at: Date }
export interface ContentAccessCheck {
  revision: number; status: 'published' | 'archived'; entitled: boolean;
  /** a live item the user's package covers only in its bonus period, when live lessons have ended */
  bonusOnly: boolean;
}

/**
 * The access checks: does each user hold an entitlement, live at `at`, for a product the item
 * belongs to? Revoked and expired entitlements do not count; a retired product's entitlements
 * still do (offer 5.8). With each come the item's status and revision, so the item itself is read
 * only when the caller's copy is stale; an unknown item answers null. Many checks go as one query
 * (see access-checks.ts). The hottest query of the service; not a named (prepared) statement,
 * though planning it anew costs PostgreSQL more than running it: a prepared statement lives in one
 * server session, and behind a transaction pooler the next query may run on another (@joo/db README).
 */
export async function checkContentAccess(q: Queryable, keys: readonly ContentAccessKey[]): Promise<Array<ContentAccessCheck | null>> {
  const { rows } = await q.query<{ n: string; revision: string; status: 'published' | 'archived'; entitled: boolean; bonus_only: boolean }>({
    text: ACCESS, values: [keys.map((k) => k.contentId), keys.map((k) => k.userId), keys.map((k) => k.at)],
  });
  const checks = new Array<ContentAccessCheck | null>(keys.length).fill(null);
  for (const row of rows) checks[Number(row.n) - 1] = { revision: Number(row.revision), status: row.status, entitled: row.entitled, bonusOnly: row.bonus_only };
  return checks;
}
