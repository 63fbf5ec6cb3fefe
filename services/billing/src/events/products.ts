import { ProductChanged, type EventData, type Envelope } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { upsertProduct } from '../store/products.js';

/** catalog.product.changed.v1 → the price list: the latest version of each product wins. */
export async function onProductChanged(event: Envelope, tx: Queryable): Promise<void> {
  const p = event.data as EventData<typeof ProductChanged>;
  await upsertProduct(tx, {
    productId: p.productId, version: p.version, kind: p.kind, code: p.code, title: p.title, price: p.price, currency: p.currency,
    requiresProfileSubject: p.requiresProfileSubject, status: p.status, changedAt: new Date(p.changedAt),
  });
}
