import type pg from 'pg';
import { sqlFor, type Execution } from './session-statement.js';

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * A first statement of the transaction, sent in the same message as BEGIN: one round trip
   * instead of two (a simple query may hold several statements; it cannot take parameters, so
   * build it with `literal`, or pass an `Execution` of a session statement). Its result is the
   * second argument of `work`.
   */
  first?: string | Execution;
}

/**
 * Sends `statement` in the same message as COMMIT: one round trip instead of two for a transaction
 * whose last statement needs no answer. SQL text or an execution, as for `first`. If it fails,
 * nothing commits.
 */
export type CommitWith = (statement: string | Execution) => void;

/**
 * Runs `work` inside one transaction on a dedicated client; commits when it resolves, rolls back
 * when it throws (and rethrows). The client is always released. `work` may hand its last
 * statement to `commitWith`, to go with COMMIT.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, first: pg.QueryResult | undefined, commitWith: CommitWith) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    const begin = options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN';
    let opened: pg.QueryResult | undefined;
    if (options.first === undefined) await client.query(begin);
    else opened = await beginWith(client, begin, await sqlFor(client, options.first));
    let last: string | Execution | undefined;
    const result = await work(client, opened, (statement) => {
      if (last !== undefined) throw new Error('commitWith takes one statement per transaction');
      last = statement;
    });
    // A failing statement stops the rest of its message: COMMIT does not run, and the catch rolls back.
    await client.query(last === undefined ? 'COMMIT' : `${await sqlFor(client, last)}; COMMIT`);
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function beginWith(client: pg.PoolClient, begin: string, first: string): Promise<pg.QueryResult> {
  // Two statements in one simple query come back as one result each.
  const results = (await client.query(`${begin}; ${first}`)) as unknown as pg.QueryResult[];
  return results[1]!;
}
