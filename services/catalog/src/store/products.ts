import type { Queryable } from '@joo/db';

export type ProductKind = 'package' | 'subscription';
export type ProductStatus = 'active' | 'retired';
export interface Localized { kk: string; ru: string }
export interface LocalizedList { kk: string[]; ru: string[] }

/** What a version fixes: everything that may change from one version to the next. */
export interface ProductTerms {
  title: Localized;
  features: LocalizedList;
  bonus: Localized | null;
  price: number;
  courseMonths: number;
  bonusDays: number;
  requiresProfileSubject: boolean;
}

export interface Product extends ProductTerms {
  id: string;
  kind: ProductKind;
  code: string;
  version: number;
  status: ProductStatus;
  currency: 'KZT';
  createdAt: Date;
  updatedAt: Date;
  retiredAt: Date | null;
}

interface Row {
  id: string; kind: ProductKind; code: string; status: ProductStatus; current_version: number;
  created_at: Date; updated_at: Date; retired_at: Date | null;
  title: Localized; features: LocalizedList; bonus_note: Localized | null; price: string; currency: 'KZT';
  course_months: number; bonus_days: number; requires_profile_subject: boolean;
}

const SELECT = `SELECT p.id, p.kind, p.code, p.status, p.current_version, p.created_at, p.updated_at, p.retired_at,
  v.title, v.features, v.bonus_note, v.price, v.currency, v.course_months, v.bonus_days, v.requires_profile_subject
  FROM products p JOIN product_versions v ON v.product_id = p.id AND v.version = p.current_version`;

function toProduct(r: Row): Product {
  return {
    id: r.id, kind: r.kind, code: r.code, version: r.current_version, status: r.status, currency: r.currency,
    title: r.title, features: r.features, bonus: r.bonus_note, price: Number(r.price), courseMonths: r.course_months,
    bonusDays: r.bonus_days, requiresProfileSubject: r.requires_profile_subject,
    createdAt: r.created_at, updatedAt: r.updated_at, retiredAt: r.retired_at,
  };
}

export async function findProduct(q: Queryable, id: string, options: { forUpdate?: boolean } = {}): Promise<Product | null> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE p.id = $1${options.forUpdate ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0] ? toProduct(rows[0]) : null;
}

/** Products ordered by id, after the cursor's id; `status` null means every status. */
export async function listProducts(q: Queryable, options: { status: ProductStatus | null; after?: string; limit: number }): Promise<Product[]> {
  const { rows } = await q.query<Row>(
    `${SELECT} WHERE ($1::text IS NULL OR p.status = $1) AND ($2::uuid IS NULL OR p.id > $2) ORDER BY p.id LIMIT $3`,
    [options.status, options.after ?? null, options.limit]);
  return rows.map(toProduct);
}

export async function insertProduct(q: Queryable, p: { id: string; kind: ProductKind; code: string; now: Date }): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO products (id, kind, code, current_version, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4)
     ON CONFLICT (id) DO NOTHING`, [p.id, p.kind, p.code, p.now]);
  return rowCount === 1;
}

export async function insertVersion(q: Queryable, productId: string, version: number, t: ProductTerms, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO product_versions (product_id, version, title, features, bonus_note, price, course_months, bonus_days,
       requires_profile_subject, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [productId, version, t.title, t.features, t.bonus, t.price, t.courseMonths, t.bonusDays, t.requiresProfileSubject, now]);
  await q.query('UPDATE products SET current_version = $2, updated_at = $3 WHERE id = $1', [productId, version, now]);
}

export async function retire(q: Queryable, productId: string, now: Date): Promise<void> {
  await q.query(`UPDATE products SET status = 'retired', retired_at = $2, updated_at = $2 WHERE id = $1`, [productId, now]);
}

/** The terms a user bought: a past version of the product. */
export async function findVersion(q: Queryable, productId: string, version: number): Promise<(ProductTerms & { version: number }) | null> {
  const { rows } = await q.query<Row & { version: number }>(
    `SELECT version, title, features, bonus_note, price, course_months, bonus_days, requires_profile_subject
     FROM product_versions WHERE product_id = $1 AND version = $2`, [productId, version]);
  const r = rows[0];
  if (!r) return null;
  return {
    version: r.version, title: r.title, features: r.features, bonus: r.bonus_note, price: Number(r.price),
    courseMonths: r.course_months, bonusDays: r.bonus_days, requiresProfileSubject: r.requires_profile_subject,
  };
}

export type VersionTerms = (q: Queryable, productId: string, version: number) => Promise<(ProductTerms & { version: number }) | null>;

/**
 * findVersion, remembered: a product_versions row never changes once written (new terms are a new
 * version, and nothing updates or deletes a version), so every payment for it can skip the lookup.
 * A version not found is not remembered. Products have few versions, so nothing is evicted.
 */
export function cachedVersionTerms(): VersionTerms {
  const known = new Map<string, ProductTerms & { version: number }>();
  return async (q, productId, version) => {
    const key = `${productId}/${version}`;
    const cached = known.get(key);
    if (cached) return cached;
    const terms = await findVersion(q, productId, version);
    if (terms) known.set(key, terms);
    return terms;
  };
}
