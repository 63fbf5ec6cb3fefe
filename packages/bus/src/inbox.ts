import type { Envelope } from '@joo/contracts';
import { literal, withTransaction, type Pool, type PoolClient } from '@joo/db';

export type EventHandler = (event: Envelope, tx: PoolClient) => Promise<void>;
export type InboxOutcome = 'processed' | 'duplicate';

/**
 * Runs `handle` at most once per (event, consumer): the inbox row and the handler's writes commit
 * together, so a redelivered or republished event finds its row and is skipped. A concurrent
 * second delivery blocks on the first's uncommitted inbox row and then sees the conflict. The inbox
 * row travels with BEGIN (one round trip per event fewer); it is still the transaction's first write.
 */
export async function handleOnce(
  pool: Pool,
  consumer: string,
  event: Envelope,
  handle: EventHandler,
  afterHandle?: (tx: PoolClient) => Promise<void>,
): Promise<InboxOutcome> {
  const first = `INSERT INTO inbox (event_id, consumer) VALUES (${literal(event.id)}, ${literal(consumer)}) ON CONFLICT DO NOTHING`;
  return withTransaction(pool, async (tx, inbox) => {
    const fresh = inbox?.rowCount === 1;
    if (fresh) await handle(event, tx);
    await afterHandle?.(tx);
    return fresh ? 'processed' : 'duplicate';
  }, { first });
}

/**
 * `handleOnce` for several events in one transaction: one inbox statement for all of them, each
 * new event's handler in order, one commit. An event already in the inbox (or twice in `events`)
 * is a duplicate. When a handler throws, nothing of the batch is kept.
 */
export async function handleBatchOnce(
  pool: Pool,
  consumer: string,
  events: readonly Envelope[],
  handle: EventHandler,
): Promise<InboxOutcome[]> {
  const rows = events.map((e) => `(${literal(e.id)}, ${literal(consumer)})`).join(', ');
  const first = `INSERT INTO inbox (event_id, consumer) VALUES ${rows} ON CONFLICT DO NOTHING RETURNING event_id`;
  return withTransaction(pool, async (tx, inbox) => {
    const fresh = new Set((inbox?.rows ?? []).map((r: { event_id: string }) => r.event_id.toLowerCase()));
    const outcomes: InboxOutcome[] = [];
    for (const event of events) {
      if (fresh.delete(event.id.toLowerCase())) {
        await handle(event, tx);
        outcomes.push('processed');
      } else outcomes.push('duplicate');
    }
    return outcomes;
  }, { first });
}
