import { startConsumer, type Bus, type BusLogger, type ConsumerHandle, type ConsumerOptions } from '@joo/bus';
import { ContestDrawn, ContestLaunched, PaymentSucceeded, RefundApproved, UserErased } from '@joo/contracts';
import type { Registry } from 'prom-client';
import type { CatalogContext } from '../context.js';
import { contestHandler, erasureHandler, paymentHandler, paymentStatement, refundHandler } from './handlers.js';

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
const PAYMENT_CONCURRENCY = 2;
const PAYMENT_BATCH = 32;

/** One durable consumer per source stream (docs/ARCHITECTURE.md §3.4); returned in start order. */
export async function startCatalogConsumers(
  ctx: CatalogContext, bus: Bus, log: BusLogger, registry?: Registry, retry: RetryOptions = {},
): Promise<ConsumerHandle[]> {
  // Handlers enqueue events in the inbox transaction; the relay is woken once it has committed.
  const common = {
    pool: ctx.pool, bus, consumer: 'catalog', log, ...(registry ? { registry } : {}), ...retry, afterCommit: () => ctx.onOutboxWrite(),
  };
  const handles: ConsumerHandle[] = [];
  try {
    handles.push(await startConsumer({ ...common, source: 'billing', types: [PaymentSucceeded.type], handle: paymentHandler(ctx, log), ...paymentStatement(ctx, log), concurrency: PAYMENT_CONCURRENCY, batchSize: PAYMENT_BATCH }));
    handles.push(await startConsumer({ ...common, source: 'refunds', types: [RefundApproved.type], handle: refundHandler(ctx, log) }));
    handles.push(await startConsumer({ ...common, source: 'contests', types: [ContestLaunched.type, ContestDrawn.type], handle: contestHandler(ctx) }));
    handles.push(await startConsumer({ ...common, source: 'identity', types: [UserErased.type], handle: erasureHandler(ctx, log) }));
  } catch (error) {
    await Promise.all(handles.map((h) => h.stop()));
    throw error;
  }
  return handles;
}
