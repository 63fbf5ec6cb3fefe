import { enqueue } from '@joo/bus';
import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient, type Queryable } from '@joo/db';
import type { NotificationsMetrics } from './metrics.js';
import type { Templates } from './template-store.js';

export const SOURCE = 'notifications';

/** What the use cases need; built once per process (and per test). */
export interface NotificationsContext {
  pool: Pool;
  clock: () => Date;
  templates: Templates;
  metrics: NotificationsMetrics;
  /** Wakes the outbox relay after a commit that wrote events. */
  onOutboxWrite: () => void;
  /** Wakes the delivery worker after a commit that queued messages. */
  onMessagesQueued: () => void;
}

const emitted = new WeakSet<Queryable>();

/** Runs `work` in one transaction; after the commit, the relay is woken if it wrote events. */
export async function write<T>(ctx: Pick<NotificationsContext, 'pool' | 'onOutboxWrite'>, work: (tx: PoolClient) => Promise<T>): Promise<T> {
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

/** Writes a notifications event to the outbox inside the caller's transaction. */
export async function emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date): Promise<void> {
  await enqueue(tx, SOURCE, def, subject, data, { time: now });
  emitted.add(tx);
}

/** True when the transaction wrote an event (for consumer handlers, whose commit the bus does). */
export function wroteEvents(tx: Queryable): boolean {
  return emitted.has(tx);
}
