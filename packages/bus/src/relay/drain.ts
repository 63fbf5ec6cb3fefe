import type pg from 'pg';
import type { Envelope } from '@joo/contracts';
import type { Pool } from '@joo/db';
import type { Bus } from '../connection.js';
import type { BusMetrics } from '../metrics.js';
import { publishEnvelope } from '../publish.js';
import type { RelayOptions } from './options.js';
import { publishPipelined } from './pipelined.js';

interface OutboxRow {
  id: string;
  subject: string;
  envelope: Envelope;
}

export interface DrainOptions extends Pick<RelayOptions, 'beforeMark'> {
  pool: Pool;
  bus: Bus;
  source: string;
  batchSize: number;
  metrics: BusMetrics;
}

/**
 * Reads the unpublished rows of the outbox, publishes them, and marks them published. A pass marks
 * the rows the previous one published with its read; until then their ids wait in `unmarked`.
 */
export class OutboxDrain {
  readonly #o: DrainOptions;
  #streamReady = false;
  /** Rows JetStream acked that are not yet marked published: the next read marks them. */
  #unmarked: string[] = [];

  constructor(options: DrainOptions) {
    this.#o = options;
  }

  get unmarked(): readonly string[] {
    return this.#unmarked;
  }

  /**
   * Publishes batch after batch until one comes back short or `goOn()` turns false; resolves with
   * the count published, or rejects with the first publish failure (what was acked before it is
   * still marked by the next pass).
   */
  async drain(goOn: () => boolean): Promise<number> {
    if (!this.#streamReady) {
      await this.#o.bus.ensureStream(this.#o.source);
      this.#streamReady = true;
    }
    let total = 0;
    for (;;) {
      const { count, failure } = await this.#publishBatch();
      total += count;
      if (failure) throw failure;
      if (count < this.#o.batchSize || !goOn()) break;
    }
    return total;
  }

  /** Marks what was published and not yet marked, without reading (drainOnce, pruning, stop). */
  async markUnmarked(): Promise<void> {
    const marking = this.#unmarked;
    if (marking.length === 0) return;
    await markPublished(this.#o.pool, marking);
    this.#unmarked = this.#unmarked.slice(marking.length);
  }

  /**
   * One round trip, no transaction: mark the rows the last pass published and read a batch of
   * unpublished rows in one statement, publish them in order, and keep the acked ids for the next
   * pass to mark. Rows are never picked by `id > last` (ids commit out of order).
   * Nothing is locked: only the advisory-lock holder drains, and if two relays overlap briefly (a
   * holder that lost its session is still in its pass while the next one starts), both publish the
   * same rows and that is all — JetStream drops the second copy by Nats-Msg-Id (the event id) and a
   * consumer's inbox drops anything later, as after a crash between publish and mark. Order per
   * aggregate survives the overlap: each relay sends a row only after the previous row of its
   * subject was acked (publishPipelined), so a row is stored only after its predecessor.
   */
  async #publishBatch(): Promise<{ count: number; failure?: unknown }> {
    const { pool, bus, source, metrics } = this.#o;
    const marking = this.#unmarked;
    const { rows } = await markAndRead(pool, marking, this.#o.batchSize);
    this.#unmarked = this.#unmarked.slice(marking.length);
    const { acked, failure } = await publishPipelined(rows, (row) => publishEnvelope(bus, row.envelope), () =>
      metrics.outboxDuplicates.inc({ source }));
    if (acked.length > 0) {
      await this.#o.beforeMark?.(acked);
      this.#unmarked.push(...acked);
      metrics.outboxPublished.inc({ source }, acked.length);
    }
    return failure === undefined ? { count: acked.length } : { count: acked.length, failure };
  }
}

// Marks commit without waiting for the WAL flush (synchronous_commit off for the statement's own
// transaction only; a single statement cannot SET LOCAL, so set_config(..., true) runs in a CTE the
// UPDATE reads). A mark lost in a crash only means the row is published again and dropped as a
// duplicate, while waiting for the flush would hold back the next batch. The first mark stands
// when two relays overlap. Both statements go as plain bound queries, never named (prepared on the
// server): the pool may be a transaction pooler's, whose next transaction can run on another server
// session (docs/decisions/0009-pgbouncer-transaction-pooling.md).
const ASYNC_COMMIT = `async_commit AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true))`;
const MARK = 'UPDATE outbox SET published_at = now() FROM async_commit WHERE id = ANY($1::uuid[]) AND published_at IS NULL';

/**
 * Marks `ids` published and reads the next batch in one statement. Both parts see one snapshot, in
 * which the rows being marked are still unpublished: they are left out by id.
 */
function markAndRead(pool: Pool, ids: readonly string[], limit: number): Promise<pg.QueryResult<OutboxRow>> {
  return pool.query<OutboxRow>(
    `WITH ${ASYNC_COMMIT}, marked AS (${MARK})
     SELECT id, subject, envelope FROM outbox WHERE published_at IS NULL AND id <> ALL($1::uuid[]) ORDER BY created_at, id LIMIT $2`,
    [ids, limit],
  );
}

async function markPublished(pool: Pool, ids: readonly string[]): Promise<void> {
  await pool.query(`WITH ${ASYNC_COMMIT} ${MARK}`, [ids]);
}
