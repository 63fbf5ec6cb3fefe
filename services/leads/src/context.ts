import { enqueue } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '@joo/db';
import type { SecretBox } from './crypto/secrets.js';
import type { LeadsMetrics } from './metrics.js';

export const SOURCE = 'leads';

/** What the use cases need; built once by buildApp and shared with the delivery worker. */
export interface LeadsContext {
  pool: Pool;
  clock: () => Date;
  secrets: SecretBox;
  metrics: LeadsMetrics;
  allowPrivateWebhooks: boolean;
  /** one webhook attempt may take this long */
  webhookTimeoutMs: number;
  overlapMs: number;
  /** Wakes the outbox relay after a commit that wrote events. */
  onOutboxWrite: () => void;
  /** Wakes the delivery worker after a commit that made a delivery due. */
  onDeliveryDue: () => void;
  /** DNS for webhook hosts; tests give a fixed table. */
  resolveHost: (host: string) => Promise<string[]>;
}

const emitted = new WeakSet<Queryable>();

/** Marks that `tx` wrote an outbox row, so the relay is woken after its commit. */
export function markEmitted(tx: Queryable): void {
  emitted.add(tx);
}

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export async function write<T>(ctx: Pick<LeadsContext, 'pool' | 'onOutboxWrite'>, work: (tx: PoolClient) => Promise<T>): Promise<T> {
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

/** Writes a leads event to the outbox inside the caller's transaction. */
export async function emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date): Promise<void> {
  await enqueue(tx, SOURCE, def, subject, data, { time: now });
  emitted.add(tx);
}
