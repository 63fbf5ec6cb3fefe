/** Catalog's facts refunds assesses from: each product version's course length and when access began. */
import type { EventHandler } from '@joo/bus';
import { EntitlementGranted, ProductChanged, type EventData } from '@joo/contracts';
import { recordAccessStart, upsertProductVersion } from '../store/facts.js';

export const CATALOG_TYPES = [ProductChanged.type, EntitlementGranted.type];

export const handleCatalogEvent: EventHandler = async (event, tx) => {
  switch (event.type) {
    case ProductChanged.type: {
      const d = event.data as EventData<typeof ProductChanged>;
      await upsertProductVersion(tx, d.productId, d.version, d.courseMonths);
      return;
    }
    case EntitlementGranted.type: {
      const d = event.data as EventData<typeof EntitlementGranted>;
      // Admin grants have no order: nothing to refund.
      if (d.orderId) await recordAccessStart(tx, d.orderId, new Date(d.validFrom));
      return;
    }
  }
};
