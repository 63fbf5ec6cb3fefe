import type pg from 'pg';

export interface RoundTrips {
  /** The statements sent since the last reset, one entry per round trip (several statements in one simple query are one). */
  readonly sent: readonly string[];
  reset(): void;
}

/**
 * Counts the round trips made through `pool` (pool.query and checked-out clients alike): each
 * client.query() waits for the server's answer before the next is sent, so one call is one round
 * trip. For tests that pin how many statements a path costs.
 */
export function countRoundTrips(pool: pg.Pool): RoundTrips {
  let sent: string[] = [];
  const wrapped = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      sent.push(typeof first === 'string' ? first : first.text);
      return query(...args);
    };
  });
  return {
    get sent() { return sent; },
    reset() { sent = []; },
  };
}
