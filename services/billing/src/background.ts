import { startConsumer } from '@joo/bus';
import type { BackgroundHost, Stop } from '@joo/service-runtime';
import type { BillingContext } from './context.js';
import { catalogRoutes } from './events/products.js';
import { refundsRoutes } from './events/refunds.js';
import { startMaintenance } from './jobs/maintenance.js';
import { startPayoutWorker, type PayoutWorker } from './jobs/payouts.js';

/**
 * What runs beside billing's HTTP server: the price list from catalog's products, approved refunds
 * from refunds, and the payout worker. Returns the stops, in order.
 */
export async function startBackground(
  ctx: BillingContext, { app, bus }: Pick<BackgroundHost, 'app' | 'bus'>, options: { payoutIntervalMs: number },
): Promise<{ worker: PayoutWorker; stops: Stop[] }> {
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
