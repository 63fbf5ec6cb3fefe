/** Catalog's facts refunds assesses from: each product version's course length and when access began. */
import { eventRouter } from '@joo/bus';
import { EntitlementGranted, ProductChanged } from '@joo/contracts';
import { recordAccessStart, upsertProductVersion } from '../store/facts.js';

export const catalogRoutes = eventRouter()
  .on(ProductChanged, async (d, _event, tx) => {
    await upsertProductVersion(tx, d.productId, d.version, d.courseMonths);
  })
  .on(EntitlementGranted, async (d, _event, tx) => {
    // Admin grants have no order: nothing to refund.
    if (d.orderId) await recordAccessStart(tx, d.orderId, new Date(d.validFrom));
  });
