import type pg from 'pg';

export interface RoundTrips {
  /** The statements sent since the last reset, one entry per round trip (several statements in one simple query are one). */
  readonly sent: readonly string[];
  /**
   * The statements of `sent` other than PREPARE: a session statement (@joo/db) is prepared once
   * per session, in a round trip of its own before its first use, so a path's steady cost is these.
   */
  readonly executed: readonly string[];
  /** How many times one session prepared one statement name since the last reset, at most. */
  readonly mostPreparesOfOneName: number;
  reset(): void;
}

/**
 * Counts the round trips made through `pool` (pool.query and checked-out clients alike): each
 * client.query() waits for the server's answer before the next is sent, so one call is one round
 * trip. For tests that pin how many statements a path costs.
 */
export function countRoundTrips(pool: pg.Pool): RoundTrips {
  let sent: string[] = [];
  let prepares = new Map<string, number>();
  let sessions = new WeakMap<pg.PoolClient, number>();
  let nextSession = 0;
  const wrapped = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      const text = typeof first === 'string' ? first : first.text;
      sent.push(text);
      const prepared = /^PREPARE (\w+)/.exec(text)?.[1];
      if (prepared) {
        if (!sessions.has(client)) sessions.set(client, nextSession++);
        const key = `${sessions.get(client)}:${prepared}`;
        prepares.set(key, (prepares.get(key) ?? 0) + 1);
      }
      return query(...args);
    };
  });
  return {
    get sent() { return sent; },
    get executed() { return sent.filter((text) => !text.startsWith('PREPARE ')); },
    get mostPreparesOfOneName() { return Math.max(0, ...prepares.values()); },
    reset() { sent = []; prepares = new Map(); sessions = new WeakMap(); },
  };
}
