import type pg from 'pg';

/** One transaction as seen on the wire. */
export interface TransactionTrips {
  /** Round trips from the message that began it to the one that ended it, both included. */
  readonly roundTrips: number;
  /** Whether it ended by a COMMIT that succeeded (else by a ROLLBACK, or a failed COMMIT). */
  readonly committed: boolean;
}

export interface RoundTrips {
  /**
   * The SQL of each round trip since the last reset, in order (several statements in one simple query
   * are one). For wire-level tests of @joo/db and @joo/bus; service tests read `transactions`.
   */
  readonly sent: readonly string[];
  /** The transactions that ended since the last reset, in the order they ended. */
  readonly transactions: readonly TransactionTrips[];
  reset(): void;
}

const BEGINS = /^\s*BEGIN\b/i;
const ENDS = /\b(COMMIT|ROLLBACK)\s*;?\s*$/i;

/**
 * Counts the round trips made through `pool` (pool.query and checked-out clients alike): each
 * client.query() waits for the server's answer before the next is sent, so one call is one round
 * trip. For tests that pin what a path costs: how many transactions, each of how many round trips.
 */
export function countRoundTrips(pool: pg.Pool): RoundTrips {
  let sent: string[] = [];
  let transactions: TransactionTrips[] = [];
  /** The round trips so far of the transaction open on a client. */
  const open = new Map<pg.PoolClient, number>();
  const wrapped = new WeakSet<pg.PoolClient>();

  const settled = (client: pg.PoolClient, text: string, ok: boolean) => {
    const trips = open.get(client);
    if (trips === undefined || !ENDS.test(text)) return;
    // A message that failed before its COMMIT leaves the transaction open, for the ROLLBACK that follows.
    const rolledBack = /ROLLBACK\s*;?\s*$/i.test(text);
    if (ok || rolledBack) {
      open.delete(client);
      transactions.push({ roundTrips: trips, committed: ok && !rolledBack });
    }
  };

  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text: string };
      const text = typeof first === 'string' ? first : first.text;
      sent.push(text);
      if (BEGINS.test(text)) open.set(client, 0);
      if (open.has(client)) open.set(client, open.get(client)! + 1);
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        args[args.length - 1] = (error: unknown, result: unknown) => {
          settled(client, text, !error);
          (callback as (e: unknown, r: unknown) => void)(error, result);
        };
        return query(...args);
      }
      const answer = query(...args) as Promise<unknown>;
      answer.then(() => settled(client, text, true), () => settled(client, text, false));
      return answer;
    };
  });
  return {
    get sent() { return sent; },
    get transactions() { return transactions; },
    reset() { sent = []; transactions = []; },
  };
}
