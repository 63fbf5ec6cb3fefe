import type { EventData, EventDefinition } from '@joo/contracts';
import { withTransaction, type Pool, type Queryable, type Transaction, type TransactionOptions } from '@joo/db';
import { enqueue, eventEnvelope, type OutboxRow } from './outbox.js';

export interface OutboxWriter {
  /**
   * Runs `work` in one transaction (withTransaction of @joo/db, with its options); after the commit,
   * wakes the relay if the work wrote events.
   */
  write<T>(ctx: { pool: Pool; onOutboxWrite: () => void }, work: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Writes an event of this service to the outbox inside the caller's transaction. Nobody in a
   * service process NOTIFYs (a NOTIFY serialises commits, ADR 0003): use cases wake the relay after
   * `write`'s commit, event handlers through their consumer's afterCommit; `{notify: true}` is for
   * scripts that run no relay.
   */
  emit<D extends EventDefinition>(tx: Queryable, def: D, subject: string, data: EventData<D>, now: Date, options?: { notify?: boolean }): Promise<void>;
  /**
   * An event of this service as the outbox row for a statement of `tx` that writes it (outboxInsert),
   * and `tx` marked as having written events, so its commit wakes the relay. A statement that writes
   * the row only on a condition may not write it: the relay then wakes for nothing, which is harmless.
   * `null` for a statement of a consumer's one-trip batch (statementOf), outside any transaction:
   * the consumer wakes the relay after its commit (afterCommit).
   */
  row<D extends EventDefinition>(tx: Queryable | null, def: D, subject: string, data: EventData<D>, now: Date): OutboxRow;
  /** Whether `tx` has written events so far. */
  wroteEvents(tx: Queryable): boolean;
}

/**
 * The use-case side of the outbox for the service `source`: state change and event in one
 * transaction, and the committing process wakes its own relay afterwards (ADR 0003) — only when
 * the transaction wrote events, so reads and event-free writes cost no wake-up.
 */
export function outboxWriter(source: string): OutboxWriter {
  // Transactions that wrote an outbox row. Each transaction is an object of its own, so a mark never
  // outlives it.
  const emitted = new WeakSet<Queryable>();
  return {
    async write(ctx, work, options) {
      let wrote = false;
      const result = await withTransaction(ctx.pool, async (tx) => {
        const value = await work(tx);
        wrote = emitted.has(tx);
        return value;
      }, options);
      if (wrote) ctx.onOutboxWrite();
      return result;
    },
    async emit(tx, def, subject, data, now, options = {}) {
      await enqueue(tx, source, def, subject, data, { time: now, notify: options.notify ?? false });
      emitted.add(tx);
    },
    row(tx, def, subject, data, now) {
      const envelope = eventEnvelope(source, def, subject, data, { time: now });
      if (tx) emitted.add(tx);
      return JSON.stringify(envelope) as OutboxRow;
    },
    wroteEvents: (tx) => emitted.has(tx),
  };
}
