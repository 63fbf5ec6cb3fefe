import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type CommitWith, type Pool, type PoolClient, type Queryable, type QueryResult, type TransactionOptions } from '@joo/db';
import { enqueue, outboxRow, type OutboxValues } from './outbox.js';

export interface OutboxWriter {
  /**
   * Runs `work` in one transaction; after the commit, wakes the relay if the work wrote events.
   * `options.first` is sent with BEGIN and its result handed to `work`; a statement given to
   * `commitWith` goes with COMMIT (withTransaction).
   */
  write<T>(
    ctx: { pool: Pool; onOutboxWrite: () => void },
    work: (tx: PoolClient, first: QueryResult | undefined, commitWith: CommitWith) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Writes an event of this service to the outbox inside the caller's transaction. */
  emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date, options?: { notify?: boolean }): Promise<void>;
  /**
   * An event of this service as outbox row values, for a statement of the caller's that writes
   * it (see outboxRow); call markEmitted(tx) when it did.
   */
  row<D extends EventDefinition>(def: D, subject: string, data: EventData<D>, now: Date): OutboxValues;
  /** Records that `tx` wrote outbox rows by other means (e.g. `enqueue` called elsewhere). */
  markEmitted(tx: Queryable): void;
  /** Whether `tx` has written events so far. */
  wroteEvents(tx: Queryable): boolean;
}

/**
 * The use-case side of the outbox for the service `source`: state change and event in one
 * transaction, and the committing process wakes its own relay afterwards (ADR 0003) — only when
 * the transaction wrote events, so reads and event-free writes cost no wake-up.
 */
export function outboxWriter(source: string): OutboxWriter {
  // Transactions that wrote an outbox row; pooled clients are reused, so the mark is cleared at the end.
  const emitted = new WeakSet<Queryable>();
  return {
    async write(ctx, work, options) {
      let wrote = false;
      const result = await withTransaction(ctx.pool, async (tx, first, commitWith) => {
        try {
          const value = await work(tx, first, commitWith);
          wrote = emitted.has(tx);
          return value;
        } finally {
          emitted.delete(tx);
        }
      }, options);
      if (wrote) ctx.onOutboxWrite();
      return result;
    },
    async emit(tx, def, subject, data, now, options = {}) {
      await enqueue(tx, source, def, subject, data, { time: now, notify: options.notify ?? false });
      emitted.add(tx);
    },
    row: (def, subject, data, now) => outboxRow(source, def, subject, data, { time: now }).values,
    markEmitted: (tx) => { emitted.add(tx); },
    wroteEvents: (tx) => emitted.has(tx),
  };
}
