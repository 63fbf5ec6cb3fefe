import type { BackgroundHost, Stop } from '@joo/service-runtime';
import type { ProviderConfig } from './config.js';
import type { NotificationsContext } from './context.js';
import { startDeliveryWorker } from './delivery/worker.js';
import { startConsumers } from './events/consumers.js';
import { createSenders } from './senders.js';
import { expandDueBroadcasts } from './usecases/broadcasts.js';

/**
 * What runs beside notifications' HTTP server: the delivery worker (woken through
 * ctx.onMessagesQueued, expanding due broadcasts before each round), then the consumers of the
 * services whose events become messages. Returns the stops, in order.
 */
export async function startBackground(ctx: NotificationsContext, { app, bus }: BackgroundHost, config: ProviderConfig): Promise<Stop[]> {
  const worker = startDeliveryWorker(ctx, createSenders(config), {
    concurrency: config.DELIVERY_CONCURRENCY, maxAttempts: config.DELIVERY_MAX_ATTEMPTS, retryBaseMs: config.DELIVERY_RETRY_BASE_MS,
    retryMaxMs: config.DELIVERY_RETRY_MAX_MS, pollMs: config.DELIVERY_POLL_MS, leaseMs: config.DELIVERY_LEASE_MS,
  }, app.log, { beforeRound: () => expandDueBroadcasts(ctx) });
  ctx.onMessagesQueued = () => worker.wake();
  const consumers = await startConsumers(ctx, bus, app.log, app.metrics);
  return [...consumers.map((c) => () => c.stop()), () => worker.stop()];
}
