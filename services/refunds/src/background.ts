import { startConsumer } from '@joo/bus';
import type { BackgroundHost, Stop } from '@joo/service-runtime';
import type { RefundsContext } from './context.js';
import { billingRoutes } from './events/billing.js';
import { catalogRoutes } from './events/catalog.js';
import { identityRoutes } from './events/identity.js';

/** Billing's, catalog's and identity's facts, kept as refunds' own copies (docs/ARCHITECTURE.md §1.3). Returns the stops. */
export async function startBackground(ctx: RefundsContext, { app, bus }: Pick<BackgroundHost, 'app' | 'bus'>): Promise<Stop[]> {
  const common = { pool: ctx.pool, bus, consumer: 'refunds', log: app.log, registry: app.metrics };
  // Lanes per subject (the order id for billing): one order's events stay in order, orders run side by side.
  const billing = await startConsumer({ ...common, ...billingRoutes.consumer(), concurrency: 4 });
  const catalog = await startConsumer({ ...common, ...catalogRoutes.consumer(), concurrency: 4 });
  // identity's users: who an admin may enter a claim for (offer 13.1).
  const identity = await startConsumer({ ...common, ...identityRoutes.consumer() });
  return [() => billing.stop(), () => catalog.stop(), () => identity.stop()];
}
