import type pg from 'pg';
import { isDatabaseUnavailable } from './errors.js';

/**
 * `use` on a client checked out of the pool, which is always given back. While checked out, pg-pool
 * no longer listens for the client's 'error': a connection lost between two queries (a restart,
 * pg_terminate_backend) would be an unhandled 'error' event and end the process. Here it is caught,
 * the next query fails instead, and the broken client is destroyed rather than returned to the pool.
 * `onFailure` runs when `use` throws on a connection that still works (to roll back, say).
 */
export async function withClient<T>(
  pool: pg.Pool,
  use: (client: pg.PoolClient) => Promise<T>,
  onFailure?: (client: pg.PoolClient) => Promise<unknown>,
): Promise<T> {
  const client = await pool.connect();
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost ??= error;
  };
  client.on('error', onError);
  try {
    return await use(client);
  } catch (error) {
    if (!lost && isDatabaseUnavailable(error)) lost = error as Error;
    if (!lost && onFailure) await onFailure(client).catch(() => {});
    throw error;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}
