import { startConsumer } from '@joo/bus';
import { pruneIdempotencyKeys } from '@joo/idempotency';
import type { BackgroundHost, Stop } from '@joo/service-runtime';
import type { Config } from './config.js';
import type { LeadsContext } from './context.js';
import { closeSenderAgents } from './delivery/sender.js';
import { startDeliveryWorker } from './delivery/worker.js';
import { identityRoutes } from './events/identity.js';
import { practiceRoutes } from './events/practice.js';

/**
 * What runs beside leads' HTTP server: identity's users (for the shortlists and leads), the webhook
 * delivery worker (woken by the use cases through ctx.onDeliveryDue) and the hourly pruning of
 * idempotency keys. Returns the stops, in order.
 */
export async function startBackground(ctx: LeadsContext, { app, bus }: BackgroundHost, config: Config): Promise<Stop[]> {
  const consumer = await startConsumer({
    pool: ctx.pool, bus, consumer: 'leads', ...identityRoutes.consumer(), log: app.log, registry: app.metrics,
  });
  // The latest weekly mock, shared in a lead only when the student asks (ADR 0020).
  const practice = await startConsumer({
    pool: ctx.pool, bus, consumer: 'leads', ...practiceRoutes.consumer(), log: app.log, registry: app.metrics,
  });
  const worker = startDeliveryWorker({
    ctx, timeoutMs: config.WEBHOOK_TIMEOUT_MS, concurrency: config.DELIVERY_CONCURRENCY, pollIntervalMs: config.DELIVERY_POLL_INTERVAL_MS, log: app.log,
  });
  ctx.onDeliveryDue = () => worker.wake();
  const prune = setInterval(() => {
    pruneIdempotencyKeys(ctx.pool).catch((error: unknown) => app.log.warn({ err: error }, 'pruning idempotency keys failed'));
  }, 3_600_000);
  prune.unref();
  return [() => consumer.stop(), () => practice.stop(), () => worker.stop(), () => clearInterval(prune), () => closeSenderAgents()];
}
