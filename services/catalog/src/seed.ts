import { readFile } from 'node:fs/promises';
import { withTransaction, type Pool } from '@joo/db';
import { isMainModule, runDatabaseScript } from '@joo/service-runtime';
import { insertNewProduct, type NewProduct } from './usecases/products.js';
import { insertContent, type NewContent } from './store/content.js';

/** Fixed ids of the two packages of offer Appendix 2, so clients and tests can name them. */
export const STANDARD_PACKAGE_ID = '01940000-0000-7000-8000-000000000001';
export const PREMIUM_PACKAGE_ID = '01940000-0000-7000-8000-000000000002';

interface PackageData extends Omit<NewProduct, 'price' | 'bonus'> { priceTenge: number; bonus: NewProduct['bonus'] }
interface ContentData extends Omit<NewContent, 'productIds' | 'startsAt'> { products: string[]; startsAt?: string }

const dataFile = (name: string) => new URL(`../data/${name}`, import.meta.url);

export async function loadPackages(): Promise<NewProduct[]> {
  const data = JSON.parse(await readFile(dataFile('packages.json'), 'utf8')) as { packages: PackageData[] };
  return data.packages.map(({ priceTenge, ...p }) => ({ ...p, price: priceTenge * 100 }));
}

/**
 * Idempotent: the packages of Appendix 2 (with their product.changed events) and the demo
 * content. What exists is left as it is, so an admin's later versions are never overwritten.
 */
export async function seed(pool: Pool, now = new Date()): Promise<{ products: number; content: number }> {
  const packages = await loadPackages();
  const demo = JSON.parse(await readFile(dataFile('demo-content.json'), 'utf8')) as { items: ContentData[] };
  return withTransaction(pool, async (tx) => {
    let products = 0;
    for (const p of packages) if (await insertNewProduct(tx, p, now, { notify: true })) products += 1;
    const idByCode = new Map(packages.map((p) => [p.code, p.id]));
    let content = 0;
    for (const { products: codes, startsAt, ...item } of demo.items) {
      const productIds = codes.map((c) => idByCode.get(c)).filter((id): id is string => id !== undefined);
      if (await insertContent(tx, { ...item, startsAt: startsAt ? new Date(startsAt) : null, productIds }, now)) content += 1;
    }
    return { products, content };
  });
}

if (isMainModule(import.meta.url)) {
  await runDatabaseScript('catalog', 'seed', async (pool) => {
    const result = await seed(pool);
    return `seeded ${result.products} product(s) and ${result.content} content item(s); the rest was present`;
  });
}
