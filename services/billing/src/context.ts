import { enqueue } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '@joo/db';
import type { BillingMetrics } from './metrics.js';
import type { Providers } from './providers/registry.js';

export const SOURCE = 'billing';

/** What the use cases need; built once by buildApp. */
export interface BillingContext {
  pool: Pool;
  clock: () => Date;
  providers: Providers;
  metrics: BillingMetrics;
  /** Wakes the outbox relay after a commit that wrote events. */
  onOutboxWrite: () => void;
}

// Transactions that wrote an outbox row; only they need the relay woken after commit.
const emitted = new WeakSet<Queryable>();

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export async function write<T>(ctx: Pick<BillingContext, 'pool' | 'onOutboxWrite'>, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  let wroteEvents = false;
  const result = await withTransaction(ctx.pool, async (tx) => {
    try {
      const value = await work(tx);
      wroteEvents = emitted.has(tx);
      return value;
    } finally {
      emitted.delete(tx);
    }
  });
  if (wroteEvents) ctx.onOutboxWrite();
  return result;
}

/** Writes a billing event to the outbox inside the caller's transaction. */
export async function emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date): Promise<void> {
  await enqueue(tx, SOURCE, def, subject, data, { time: now });
  emitted.add(tx);
}
