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
