import type pg from 'pg';
import { withClient } from './checkout.js';
import { inlineSql } from './inline.js';
import type { Queryable, QueryResult } from './pool.js';
import type { Sql } from './statement.js';

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * A first statement, sent in the same message as BEGIN: one round trip instead of two. Its result
   * is `tx.beginResult`.
   */
  withBegin?: Sql;
}

/** What `work` gets: the transaction's queries, and the one-message parts. */
export interface Transaction extends Queryable {
  /** The result of `options.withBegin`; undefined without one. */
  readonly beginResult: QueryResult | undefined;
  /**
   * Sends `last` in the same message as COMMIT when `work` has resolved: one round trip instead of two
   * for a last statement whose answer nobody reads. Once per transaction; if it fails, nothing commits.
   */
  commitWith(last: Sql): void;
}

/**
 * Runs `work` in one transaction on a client of its own: commits when it resolves, rolls back when it
 * throws (and rethrows); the client is always released. Nothing outlives the transaction on its
 * connection, so a transaction-pooling PgBouncer may hand each transaction another server session.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (tx: Transaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  return onClient(pool, async (client) => {
    const begin = beginOf(options);
    let beginResult: QueryResult | undefined;
    if (options.withBegin === undefined) await client.query(begin);
    else beginResult = (await simpleQuery(client, [begin, inlineSql(options.withBegin)]))[1];
    let last: Sql | undefined;
    const result = await work({
      query: client.query.bind(client) as Queryable['query'],
      beginResult,
      commitWith(statement) {
        if (last !== undefined) throw new Error('commitWith takes one statement per transaction');
        last = statement;
      },
    });
    // A failing statement stops the rest of its message: COMMIT does not run, and onClient rolls back.
    await client.query(last === undefined ? 'COMMIT' : `${inlineSql(last)}; COMMIT`);
    return result;
  });
}

/**
 * A transaction of fixed statements in one round trip: BEGIN, `statements`, COMMIT as one message.
 * Resolves to each statement's result once committed; when one fails, nothing of it is kept.
 */
export async function transactionInOneTrip(
  pool: pg.Pool,
  statements: readonly Sql[],
  options: Pick<TransactionOptions, 'isolation'> = {},
): Promise<QueryResult[]> {
  return onClient(pool, async (client) => {
    const results = await simpleQuery(client, [beginOf(options), ...statements.map(inlineSql), 'COMMIT']);
    return results.slice(1, -1);
  });
}

function beginOf(options: TransactionOptions): string {
  return options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN';
}

/** Several statements in one simple-query message; each has a result. */
async function simpleQuery(client: pg.PoolClient, statements: string[]): Promise<QueryResult[]> {
  return (await client.query(statements.join(';\n'))) as unknown as QueryResult[];
}

/** `use` on a client of the pool, rolled back when it throws, and released (checkout.ts). */
function onClient<T>(pool: pg.Pool, use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  // A statement that failed left the transaction aborted; a COMMIT that failed left none (harmless).
  return withClient(pool, use, (client) => client.query('ROLLBACK'));
}
