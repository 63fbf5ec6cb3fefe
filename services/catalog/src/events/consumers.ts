import { startConsumer, type Bus, type BusLogger, type ConsumerHandle, type ConsumerOptions } from '@joo/bus';
import { ContestDrawn, ContestLaunched, PaymentSucceeded, RefundApproved, UserErased } from '@joo/contracts';
import type { Registry } from 'prom-client';
import type { CatalogContext } from '../context.js';
import { contestHandler, erasureHandler, paymentHandler, refundHandler } from './handlers.js';

/** Retry policy; tests shorten it to see dead letters quickly. */
export type RetryOptions = Pick<ConsumerOptions, 'maxDeliver' | 'nakDelayMs'>;

/** One durable consumer per source stream (ARCHITECTURE §3); returned in start order. */
export async function startCatalogConsumers(
  ctx: CatalogContext, bus: Bus, log: BusLogger, registry?: Registry, retry: RetryOptions = {},
): Promise<ConsumerHandle[]> {
  const common = { pool: ctx.pool, bus, consumer: 'catalog', log, ...(registry ? { registry } : {}), ...retry };
  const handles: ConsumerHandle[] = [];
  try {
    handles.push(await startConsumer({ ...common, source: 'billing', types: [PaymentSucceeded.type], handle: paymentHandler(ctx, log) }));
    handles.push(await startConsumer({ ...common, source: 'refunds', types: [RefundApproved.type], handle: refundHandler(ctx, log) }));
    handles.push(await startConsumer({ ...common, source: 'contests', types: [ContestLaunched.type, ContestDrawn.type], handle: contestHandler(ctx) }));
    handles.push(await startConsumer({ ...common, source: 'identity', types: [UserErased.type], handle: erasureHandler(ctx, log) }));
  } catch (error) {
    await Promise.all(handles.map((h) => h.stop()));
    throw error;
  }
  return handles;
}
