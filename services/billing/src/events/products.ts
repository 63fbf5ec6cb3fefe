import { eventRouter } from '@joo/bus';
import { ProductChanged } from '@joo/contracts';
import { upsertProduct } from '../store/products.js';

/** catalog.product.changed.v1 → the price list: the latest version of each product wins. */
export const catalogRoutes = eventRouter()
  .on(ProductChanged, async (p, _event, tx) => {
    await upsertProduct(tx, {
      productId: p.productId, version: p.version, kind: p.kind, code: p.code, title: p.title, price: p.price, currency: p.currency,
      requiresProfileSubject: p.requiresProfileSubject, profilePairs: p.profilePairs ?? null, status: p.status, changedAt: new Date(p.changedAt),
    });
  });
