import { startConsumer, type Bus, type BusLogger, type ConsumerHandle, type ConsumerOptions } from '@joo/bus';
import type { Registry } from 'prom-client';
import type { CatalogContext } from '../context.js';
import { catalogRoutes } from './handlers.js';

/** Retry policy; tests shorten it to see dead letters quickly. */
export type RetryOptions = Pick<ConsumerOptions, 'maxDeliver' | 'nakDelayMs'>;

/**
 * Payments arrive in bursts and each waits on its own round trips to PostgreSQL: handled several
 * at a time (one order's events still in order), they do not queue behind one another. Those that
 * queue anyway share a transaction, and a transaction is one round trip: BEGIN, the inbox rows,
 * one grant statement per payment and COMMIT in one message (ADR 0007). A burst costs PostgreSQL
 * and this process less per payment just when they are busiest (bench/payment-callback.ts: 2
 * workers beat 1, 4 and the 8 single-event ones of before). main.ts sizes the pool so HTTP
 * requests still find connections while all of them run.
 */
const PAYMENTS: Pick<ConsumerOptions, 'concurrency' | 'batchSize'> = { concurrency: 2, batchSize: 32 };

/** One durable consumer per source stream (docs/ARCHITECTURE.md §3.4); returned in start order. */
export async function startCatalogConsumers(
  ctx: CatalogContext, bus: Bus, log: BusLogger, registry?: Registry, retry: RetryOptions = {},
): Promise<ConsumerHandle[]> {
  // Handlers enqueue events in the inbox transaction; the relay is woken once it has committed.
  const common = {
    pool: ctx.pool, bus, consumer: 'catalog', log, ...(registry ? { registry } : {}), ...retry, afterCommit: () => ctx.onOutboxWrite(),
  };
  const routes = catalogRoutes(ctx, log);
  const handles: ConsumerHandle[] = [];
  try {
    for (const source of routes.sources) {
      handles.push(await startConsumer({ ...common, ...routes.consumer(source), ...(source === 'billing' ? PAYMENTS : {}) }));
    }
  } catch (error) {
    await Promise.all(handles.map((h) => h.stop()));
    throw error;
  }
  return handles;
}
