import type { Envelope } from '@joo/contracts';
import { withTransaction, type Pool, type PoolClient } from '@joo/db';

export type EventHandler = (event: Envelope, tx: PoolClient) => Promise<void>;
export type InboxOutcome = 'processed' | 'duplicate';

/**
 * Runs `handle` at most once per (event, consumer): the inbox row and the handler's writes commit
 * together, so a redelivered or republished event finds its row and is skipped. A concurrent
 * second delivery blocks on the first's uncommitted inbox row and then sees the conflict.
 */
export async function handleOnce(
  pool: Pool,
  consumer: string,
  event: Envelope,
  handle: EventHandler,
  afterHandle?: (tx: PoolClient) => Promise<void>,
): Promise<InboxOutcome> {
  return withTransaction(pool, async (tx) => {
    const { rowCount } = await tx.query(
      'INSERT INTO inbox (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [event.id, consumer],
    );
    if (rowCount === 1) await handle(event, tx);
    await afterHandle?.(tx);
    return rowCount === 1 ? 'processed' : 'duplicate';
  });
}
