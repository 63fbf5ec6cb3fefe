import { startConsumer } from '@joo/bus';
import type { BackgroundHost, Stop } from '@joo/service-runtime';
import type { RefundsContext } from './context.js';
import { BILLING_TYPES, handleBillingEvent } from './events/billing.js';
import { CATALOG_TYPES, handleCatalogEvent } from './events/catalog.js';

/** Billing's and catalog's facts, kept as refunds' own copies (docs/ARCHITECTURE.md §1.3). Returns the stops. */
export async function startBackground(ctx: RefundsContext, { app, bus }: Pick<BackgroundHost, 'app' | 'bus'>): Promise<Stop[]> {
  const common = { pool: ctx.pool, bus, consumer: 'refunds', log: app.log, registry: app.metrics };
  // Lanes per subject (the order id for billing): one order's events stay in order, orders run side by side.
  const billing = await startConsumer({ ...common, source: 'billing', types: BILLING_TYPES, handle: handleBillingEvent, concurrency: 4 });
  const catalog = await startConsumer({ ...common, source: 'catalog', types: CATALOG_TYPES, handle: handleCatalogEvent, concurrency: 4 });
  return [() => billing.stop(), () => catalog.stop()];
}
