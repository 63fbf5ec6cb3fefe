import type { Queryable } from '@joo/db';

export interface OfferVersion {
  version: number;
  publishedAt: Date;
  text: { kk: string; ru: string };
}

export interface Bilingual {
  kk: string;
  ru: string;
}

export async function currentOffer(db: Queryable): Promise<OfferVersion | undefined> {
  const { rows } = await db.query<{ version: number; published_at: Date; text_kk: string; text_ru: string }>(
    'SELECT version, published_at, text_kk, text_ru FROM offers ORDER BY version DESC LIMIT 1');
  const r = rows[0];
  return r && { version: r.version, publishedAt: r.published_at, text: { kk: r.text_kk, ru: r.text_ru } };
}

export async function currentOfferVersion(db: Queryable): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>('SELECT max(version) AS version FROM offers');
  return rows[0]?.version ?? undefined;
}

/**
 * Publishes the next version. The table lock makes concurrent publishers take turns (it is rare
 * and tiny), so versions are gap-free and never collide.
 */
export async function insertNextOffer(
  db: Queryable, o: { text: Bilingual; summary?: Bilingual; now: Date },
): Promise<number> {
  await db.query('LOCK TABLE offers IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO offers (version, published_at, text_kk, text_ru, summary)
     SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4 FROM offers RETURNING version`,
    [o.now, o.text.kk, o.text.ru, o.summary ? JSON.stringify(o.summary) : null]);
  return rows[0]!.version;
}

/** For the seed: inserts the version unless it exists. */
export async function ensureOffer(
  db: Queryable, o: { version: number; publishedAt: Date; text: Bilingual },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO offers (version, published_at, text_kk, text_ru) VALUES ($1, $2, $3, $4) ON CONFLICT (version) DO NOTHING`,
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
