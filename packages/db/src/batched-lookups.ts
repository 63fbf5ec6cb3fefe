import DataLoader from 'dataloader';

export interface BatchedLookupOptions {
  /** The most lookups one query carries; more wait for the next. Default 64. */
  maxPerQuery?: number;
  /** The most queries out at once; the lookups asked for meanwhile gather for the next. Default 2. */
  maxQueriesInFlight?: number;
}

export const DEFAULT_MAX_PER_QUERY = 64;
export const DEFAULT_MAX_QUERIES_IN_FLIGHT = 2;

/**
 * Lookups asked for in the same turn of the event loop go to PostgreSQL as one query: `query`
 * gets their keys in order and answers one result per key, in the same order. A hot read that
 * every request makes, one round trip each, costs the service a socket write and a read per
 * request, and PostgreSQL a wake-up and a parse and plan of the statement (nothing is prepared,
 * see the README) that often costs it more than running it. Batched, each of these is paid once
 * per query. The batch is sent at `setImmediate`, after every request the same poll of the
 * sockets delivered; if `maxQueriesInFlight` are out already it waits for one to return and takes
 * along what arrived meanwhile (as a group commit does), so the busier the service, the fuller
 * its queries. A lone lookup waits for nothing. Nothing is cached or merged: every lookup runs in
 * a query sent after it was asked for, for its own key. When the query fails, every lookup in it
 * fails with its error.
 */
export function batchedLookups<K, V>(
  query: (keys: readonly K[]) => Promise<readonly V[]>,
  options: BatchedLookupOptions = {},
): (key: K) => Promise<V> {
  const maxInFlight = options.maxQueriesInFlight ?? DEFAULT_MAX_QUERIES_IN_FLIGHT;
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const loader = new DataLoader<K, V>(
    async (keys) => {
      inFlight += 1;
      try {
        return await query(keys);
      } finally {
        inFlight -= 1;
        waiting.shift()?.();
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxPerQuery ?? DEFAULT_MAX_PER_QUERY,
      batchScheduleFn: (send) => setImmediate(() => (inFlight < maxInFlight ? send() : waiting.push(send))),
    },
  );
  return (key) => loader.load(key);
}
