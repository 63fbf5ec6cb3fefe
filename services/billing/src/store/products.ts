import type { Queryable } from '@joo/db';
import type { KnownProduct } from '../domain/pricing.js';

export interface ProductState extends KnownProduct {
  kind: string;
  changedAt: Date;
}

/** Keeps the latest version per product: an older or repeated event changes nothing. */
export async function upsertProduct(db: Queryable, p: ProductState): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO products (product_id, version, kind, code, title, price, currency, requires_profile_subject, status, changed_at, profile_pairs)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (product_id) DO UPDATE SET version = EXCLUDED.version, kind = EXCLUDED.kind, code = EXCLUDED.code,
       title = EXCLUDED.title, price = EXCLUDED.price, currency = EXCLUDED.currency,
       requires_profile_subject = EXCLUDED.requires_profile_subject, status = EXCLUDED.status,
       changed_at = EXCLUDED.changed_at, profile_pairs = EXCLUDED.profile_pairs, received_at = now()
     WHERE products.version < EXCLUDED.version`,
    [p.productId, p.version, p.kind, p.code, JSON.stringify(p.title), p.price, p.currency, p.requiresProfileSubject, p.status, p.changedAt, p.profilePairs]);
  return rowCount === 1;
}

export async function findProduct(db: Queryable, productId: string): Promise<KnownProduct | undefined> {
  const { rows } = await db.query<{
    product_id: string; version: number; code: string; title: { kk: string; ru: string }; price: string;
    requires_profile_subject: boolean; status: 'active' | 'retired'; profile_pairs: string[] | null;
  }>('SELECT product_id, version, code, title, price, requires_profile_subject, status, profile_pairs FROM products WHERE product_id = $1', [productId]);
  const r = rows[0];
  if (!r) return undefined;
  return {
    productId: r.product_id, version: r.version, code: r.code, title: r.title, price: Number(r.price), currency: 'KZT',
    requiresProfileSubject: r.requires_profile_subject, profilePairs: r.profile_pairs, status: r.status,
  };
}
