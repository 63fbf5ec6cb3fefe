import type { Envelope } from '@joo/contracts';
import { execution, sessionStatement, sqlFor, withTransaction, type Execution, type Pool, type PoolClient, type QueryResult } from '@joo/db';

// Session statements (@joo/db): sent as text with BEGIN, planned once per session.
const RECORD_ONE = sessionStatement('joo_inbox_record_one', ['uuid', 'text'],
  'INSERT INTO inbox (event_id, consumer) VALUES ($1, $2) ON CONFLICT DO NOTHING');
const RECORD_NEW = sessionStatement('joo_inbox_record_new', ['uuid[]', 'text'],
  'INSERT INTO inbox (event_id, consumer) SELECT unnest($1), $2 ON CONFLICT DO NOTHING RETURNING event_id');
/** Without ON CONFLICT: an event seen before fails the statement (handleInOneTrip). */
const RECORD_ALL = sessionStatement('joo_inbox_record_all', ['uuid[]', 'text'],
  'INSERT INTO inbox (event_id, consumer) SELECT unnest($1), $2');

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
  const first = execution(RECORD_ONE, [event.id, consumer]);
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
  const first = execution(RECORD_NEW, [events.map((e) => e.id), consumer]);
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

/**
 * The whole of a batch in one round trip, for a consumer whose handler is SQL fixed by the event
 * (`statementOf`, one statement per event): BEGIN, the inbox rows, each event's statement, COMMIT,
 * as one simple query. Returns each event's statement result (undefined for an event without one).
 * The inbox rows have no ON CONFLICT: an event seen before makes the batch fail, and the caller
 * then takes the path that tells duplicates apart, as for any other failure (rare: redeliveries).
 */
export async function handleInOneTrip(
  pool: Pool,
  consumer: string,
  events: readonly Envelope[],
  statementOf: (event: Envelope) => string | Execution | null | Promise<string | Execution | null>,
): Promise<Array<QueryResult | undefined>> {
  const statements = await Promise.all(events.map(statementOf));
  const client = await pool.connect();
  let results: QueryResult[];
  try {
    // One by one: a statement this session has not prepared yet is prepared once, by the first.
    const sql: string[] = [await sqlFor(client, execution(RECORD_ALL, [events.map((e) => e.id), consumer]))];
    for (const s of statements) if (s !== null) sql.push(await sqlFor(client, s));
    const text = ['BEGIN', ...sql, 'COMMIT'].join(';\n');
    results = (await client.query(text)) as unknown as QueryResult[];
  } catch (error) {
    // The failed statement left the transaction aborted and the rest of the text unrun.
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // Committed. Results: BEGIN, inbox, one per statement, COMMIT.
  let next = 2;
  return statements.map((sql) => (sql === null ? undefined : results[next++]));
}
