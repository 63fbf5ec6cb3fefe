import type { Queryable } from '@joo/db';

export interface OfferVersion {
  version: number;
  publishedAt: Date;
  /** from when it is the current offer (offer 2.6) */
  effectiveAt: Date;
  text: { kk: string; ru: string };
}

export interface OfferListItem {
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
  summary: Bilingual | null;
}

export interface Bilingual {
  kk: string;
  ru: string;
}

interface OfferRow { version: number; published_at: Date; effective_at: Date; text_kk: string; text_ru: string }

const toOffer = (r: OfferRow): OfferVersion =>
  ({ version: r.version, publishedAt: r.published_at, effectiveAt: r.effective_at, text: { kk: r.text_kk, ru: r.text_ru } });

/** The highest version in effect at `now` (a version published ahead of its date is not current yet). */
export async function currentOffer(db: Queryable, now: Date = new Date()): Promise<OfferVersion | undefined> {
  const { rows } = await db.query<OfferRow>(
    'SELECT version, published_at, effective_at, text_kk, text_ru FROM offers WHERE effective_at <= $1 ORDER BY version DESC LIMIT 1', [now]);
  return rows[0] && toOffer(rows[0]);
}

export async function currentOfferVersion(db: Queryable, now: Date = new Date()): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>('SELECT max(version) AS version FROM offers WHERE effective_at <= $1', [now]);
  return rows[0]?.version ?? undefined;
}

export async function offerByVersion(db: Queryable, version: number): Promise<OfferVersion | undefined> {
  const { rows } = await db.query<OfferRow>(
    'SELECT version, published_at, effective_at, text_kk, text_ru FROM offers WHERE version = $1', [version]);
  return rows[0] && toOffer(rows[0]);
}

/** Every version, newest first, without its text. */
export async function listOffers(db: Queryable): Promise<OfferListItem[]> {
  const { rows } = await db.query<{ version: number; published_at: Date; effective_at: Date; summary: Bilingual | null }>(
    'SELECT version, published_at, effective_at, summary FROM offers ORDER BY version DESC');
  return rows.map((r) => ({ version: r.version, publishedAt: r.published_at, effectiveAt: r.effective_at, summary: r.summary }));
}

/**
 * Publishes the next version. The table lock makes concurrent publishers take turns (it is rare
 * and tiny), so versions are gap-free and never collide.
 */
export async function lockOffers(db: Queryable): Promise<void> {
  await db.query('LOCK TABLE offers IN SHARE ROW EXCLUSIVE MODE');
}

/** When the newest version takes effect (call under lockOffers). */
export async function latestEffectiveAt(db: Queryable): Promise<Date | undefined> {
  const { rows } = await db.query<{ effective_at: Date }>('SELECT effective_at FROM offers ORDER BY version DESC LIMIT 1');
  return rows[0]?.effective_at;
}

/** Inserts the next version; call under lockOffers. */
export async function insertNextOffer(
  db: Queryable, o: { text: Bilingual; summary?: Bilingual; now: Date; effectiveAt: Date },
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO offers (version, published_at, effective_at, text_kk, text_ru, summary)
     SELECT coalesce(max(version), 0) + 1, $1, $5, $2, $3, $4 FROM offers RETURNING version`,
    [o.now, o.text.kk, o.text.ru, o.summary ? JSON.stringify(o.summary) : null, o.effectiveAt]);
  return rows[0]!.version;
}

/** For the seed: inserts the version unless it exists. */
export async function ensureOffer(
  db: Queryable, o: { version: number; publishedAt: Date; text: Bilingual },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO offers (version, published_at, effective_at, text_kk, text_ru) VALUES ($1, $2, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
    [o.version, o.publishedAt, o.text.kk, o.text.ru]);
  return (rowCount ?? 0) > 0;
}

export async function recordOfferDecision(
  db: Queryable,
  d: { userId: string; version: number; decision: 'accepted' | 'refused'; now: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO offer_decisions (user_id, offer_version, decision, decided_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6)`,
    [d.userId, d.version, d.decision, d.now, d.ip, d.userAgent]);
}
