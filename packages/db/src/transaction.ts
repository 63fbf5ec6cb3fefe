import pg from 'pg';

export interface TransactionOptions {
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * A first statement of the transaction, sent in the same message as BEGIN: one round trip
   * instead of two (a simple query may hold several statements; it cannot take parameters, so
   * build it with `literal`). Its result is the second argument of `work`.
   */
  first?: string;
}

/** A value quoted for SQL text (for `first`, which cannot take parameters). */
export const literal = (value: string): string => pg.escapeLiteral(value);

/**
 * Runs `work` inside one transaction on a dedicated client; commits when it resolves, rolls back
 * when it throws (and rethrows). The client is always released.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient, first: pg.QueryResult | undefined) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  try {
    const begin = options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN';
    let opened: pg.QueryResult | undefined;
    if (options.first === undefined) await client.query(begin);
    else opened = await beginWith(client, begin, options.first);
    const result = await work(client, opened);
    await client.query('COMMIT');
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
