import { ProductChanged, type EventData } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { emit, isUniqueViolation, write, type CatalogContext } from '../context.js';
import { loadSubjects } from '../domain/subjects.js';
import { findProduct, insertProduct, insertVersion, retire, type Product, type ProductKind, type ProductTerms } from '../store/products.js';

export interface NewProduct extends ProductTerms {
  id: string;
  kind: ProductKind;
  code: string;
}

let pairCodes: string[] | undefined;

/** The profile pairs of data/subjects.json: billing learns from the event which ones an order may name. */
function profilePairCodes(): string[] {
  pairCodes ??= loadSubjects().profilePairs.map((pair) => pair.code);
  return pairCodes;
}

export function productChangedData(p: Product, now: Date): EventData<typeof ProductChanged> {
  return {
    productId: p.id, version: p.version, kind: p.kind, code: p.code, title: p.title, price: p.price, currency: 'KZT',
    courseMonths: p.courseMonths, bonusDays: p.bonusDays, requiresProfileSubject: p.requiresProfileSubject,
    status: p.status, changedAt: now.toISOString(),
    ...(p.requiresProfileSubject ? { profilePairs: profilePairCodes() } : {}),
  };
}

function checkTerms(t: ProductTerms): void {
  if (t.courseMonths === 0 && t.bonusDays === 0) {
    throw problems.badRequest('A product must give some access', [{ field: '/courseMonths', message: 'and bonusDays cannot both be 0' }]);
  }
  if (t.features.kk.length !== t.features.ru.length) {
    throw problems.badRequest('Features come in pairs', [{ field: '/features', message: 'kk and ru must list the same number of features' }]);
  }
}

/**
 * Inserts a product at version 1 and its product.changed event, in the caller's transaction.
 * Returns null when the id exists already (the seed relies on that to be idempotent).
 */
export async function insertNewProduct(tx: Queryable, p: NewProduct, now: Date, options: { notify?: boolean } = {}): Promise<Product | null> {
  if (!(await insertProduct(tx, { id: p.id, kind: p.kind, code: p.code, now }))) return null;
  await insertVersion(tx, p.id, 1, p, now);
  const product = (await findProduct(tx, p.id))!;
  await emit(tx, ProductChanged, p.id, productChangedData(product, now), now, options);
  return product;
}

export async function createProduct(ctx: CatalogContext, p: NewProduct): Promise<Product> {
  checkTerms(p);
  const now = ctx.clock();
  try {
    const product = await write(ctx, (tx) => insertNewProduct(tx, p, now));
    if (!product) throw problems.conflict('product-exists', 'A product with this id exists');
    return product;
  } catch (error) {
    if (isUniqueViolation(error, 'products_code_key')) {
      throw problems.conflict('product-code-taken', 'Another product has this code', { errors: [{ field: '/code', message: 'is taken' }] });
    }
    throw error;
  }
}

/** A new version: the changes over the current terms. Orders already placed keep their snapshot. */
export async function newProductVersion(ctx: CatalogContext, id: string, changes: Partial<ProductTerms>): Promise<Product> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const current = await findProduct(tx, id, { forUpdate: true });
    if (!current) throw problems.notFound('No such product');
    if (current.status === 'retired') throw problems.conflict('product-retired', 'A retired product gets no new versions');
    const terms: ProductTerms = {
      title: changes.title ?? current.title, features: changes.features ?? current.features,
      bonus: changes.bonus !== undefined ? changes.bonus : current.bonus, price: changes.price ?? current.price,
      courseMonths: changes.courseMonths ?? current.courseMonths, bonusDays: changes.bonusDays ?? current.bonusDays,
      requiresProfileSubject: changes.requiresProfileSubject ?? current.requiresProfileSubject,
    };
    checkTerms(terms);
    await insertVersion(tx, id, current.version + 1, terms, now);
    const product = (await findProduct(tx, id))!;
    await emit(tx, ProductChanged, id, productChangedData(product, now), now);
    return product;
  });
}

/** Retires a product (offer 5.8): it can no longer be bought; what was bought keeps working. */
export async function retireProduct(ctx: CatalogContext, id: string): Promise<Product> {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const current = await findProduct(tx, id, { forUpdate: true });
    if (!current) throw problems.notFound('No such product');
    if (current.status === 'retired') return current;
    await retire(tx, id, now);
    const product = (await findProduct(tx, id))!;
    await emit(tx, ProductChanged, id, productChangedData(product, now), now);
    return product;
  });
}
