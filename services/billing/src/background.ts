import { startConsumer, type Bus } from '@joo/bus';
import type { BillingApp } from './app.js';
import { catalogRoutes } from './events/products.js';
import { refundsRoutes } from './events/refunds.js';
import { startMaintenance } from './jobs/maintenance.js';
import { startPayoutWorker, type PayoutWorker } from './jobs/payouts.js';

/**
 * What runs beside billing's HTTP server: the price list from catalog's products, approved refunds
 * from refunds, and the payout worker. Returns the stops, in order.
 */
export async function startBackground(
  app: BillingApp, bus: Bus, options: { payoutIntervalMs: number },
): Promise<{ worker: PayoutWorker; stops: Array<() => Promise<void>> }> {
  const ctx = app.billing;
  const worker = startPayoutWorker(ctx, { intervalMs: options.payoutIntervalMs, log: app.log });
  const common = { pool: ctx.pool, bus, consumer: 'billing', log: app.log, registry: app.metrics };
  const products = await startConsumer({ ...common, ...catalogRoutes.consumer() });
  const refunds = await startConsumer({
    ...common, ...refundsRoutes(() => ctx.clock()).consumer(),
    // After the commit, so the pass it starts finds the new payout.
    afterCommit: () => worker.wake(),
  });
  const maintenance = startMaintenance({ pool: ctx.pool, intervalMs: 3_600_000, log: app.log, clock: ctx.clock });
  return { worker, stops: [() => products.stop(), () => refunds.stop(), () => worker.stop(), () => maintenance.stop()] };
}
