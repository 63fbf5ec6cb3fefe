import type { Envelope } from '@joo/contracts';
import { defineStatement, execution, transactionInOneTrip, withTransaction, type Pool, type QueryResult, type Sql, type Transaction } from '@joo/db';

// Statements (@joo/db), as they travel with BEGIN or in one trip.
const RECORD_ONE = defineStatement('inbox_record_one', ['uuid', 'text'],
  'INSERT INTO inbox (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING');
const RECORD_NEW = defineStatement('inbox_record_new', ['uuid[]', 'text'],
  'INSERT INTO inbox (event_id, consumer) SELECT unnest($1), $2 ON CONFLICT DO NOTHING RETURNING event_id');
/** Without ON CONFLICT: an event seen before fails the statement (handleInOneTrip). */
const RECORD_ALL = defineStatement('inbox_record_all', ['uuid[]', 'text'],
  'INSERT INTO inbox (event_id, consumer) SELECT unnest($1), $2');

export type EventHandler = (event: Envelope, tx: Transaction) => Promise<void>;
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
  afterHandle?: (tx: Transaction) => Promise<void>,
): Promise<InboxOutcome> {
  return withTransaction(pool, async (tx) => {
    const fresh = tx.beginResult?.rowCount === 1;
    if (fresh) await handle(event, tx);
    await afterHandle?.(tx);
    return fresh ? 'processed' : 'duplicate';
  }, { withBegin: execution(RECORD_ONE, [event.id, consumer]) });
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
  return withTransaction(pool, async (tx) => {
    const fresh = new Set((tx.beginResult?.rows ?? []).map((r: { event_id: string }) => r.event_id.toLowerCase()));
    const outcomes: InboxOutcome[] = [];
    for (const event of events) {
      if (fresh.delete(event.id.toLowerCase())) {
        await handle(event, tx);
        outcomes.push('processed');
      } else outcomes.push('duplicate');
    }
    return outcomes;
  }, { withBegin: execution(RECORD_NEW, [events.map((e) => e.id), consumer]) });
}

/**
 * The whole of a batch in one round trip, for a consumer whose handler is SQL fixed by the event
 * (`statementOf`, one statement per event): BEGIN, the inbox rows, each event's statement, COMMIT,
 * as one message (transactionInOneTrip). Returns each event's statement result (undefined for an
 * event without one). The inbox rows have no ON CONFLICT: an event seen before makes the batch fail,
 * and the caller then takes the path that tells duplicates apart, as for any other failure (rare:
 * redeliveries).
 */
export async function handleInOneTrip(
  pool: Pool,
  consumer: string,
  events: readonly Envelope[],
  statementOf: (event: Envelope) => Sql | null | Promise<Sql | null>,
): Promise<Array<QueryResult | undefined>> {
  const statements = await Promise.all(events.map(statementOf));
  const inbox = execution(RECORD_ALL, [events.map((e) => e.id), consumer]);
  const [, ...results] = await transactionInOneTrip(pool, [inbox, ...statements.filter((s) => s !== null)]);
  let next = 0;
  return statements.map((sql) => (sql === null ? undefined : results[next++]));
}
