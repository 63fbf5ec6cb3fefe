import { startConsumer, type Bus } from '@joo/bus';
import type { RefundsApp } from './app.js';
import { billingRoutes } from './events/billing.js';
import { catalogRoutes } from './events/catalog.js';

/** Billing's and catalog's facts, kept as refunds' own copies (ARCHITECTURE §1). Returns the stops. */
export async function startBackground(app: RefundsApp, bus: Bus): Promise<Array<() => Promise<void>>> {
  const common = { pool: app.refunds.pool, bus, consumer: 'refunds', log: app.log, registry: app.metrics };
  // Lanes per subject (the order id for billing): one order's events stay in order, orders run side by side.
  const billing = await startConsumer({ ...common, ...billingRoutes.consumer(), concurrency: 4 });
  const catalog = await startConsumer({ ...common, ...catalogRoutes.consumer(), concurrency: 4 });
  return [() => billing.stop(), () => catalog.stop()];
}
