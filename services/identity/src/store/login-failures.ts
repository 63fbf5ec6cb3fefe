import type { Queryable } from '@joo/db';

/**
 * Failures since `since`: for the account including attempts still being checked (so concurrent
 * guesses at one account count against each other), for the IP only settled ones (so many people
 * signing in at once behind one school's address do not lock each other out). An attempt still
 * pending from before `pendingSince` was abandoned (its replica or its database connection died
 * mid-check) and counts for nothing: it must not lock the owner out for the whole window.
 */
export async function recentFailures(
  db: Queryable, options: { accountKey: string; ip: string; since: Date; pendingSince: Date },
): Promise<{ account: number; ip: number }> {
  const { rows } = await db.query<{ account: number; ip: number }>(
    `SELECT (SELECT count(*)::int FROM login_failures WHERE account_key = $1 AND failed_at > $3 AND (NOT pending OR failed_at > $4)) AS account,
                  (SELECT count(*)::int FROM login_failures WHERE ip = $2 AND failed_at > $3 AND NOT pending) AS ip`,
    [options.accountKey, options.ip, options.since, options.pendingSince]);
  return { account: rows[0]?.account ?? 0, ip: rows[0]?.ip ?? 0 };
}

/** The n-th newest failure in the window: once it leaves the window, the count drops below n. */
export async function nthNewestFailure(
  db: Queryable, column: 'account_key' | 'ip', key: string, n: number, since: Date, pendingSince: Date,
): Promise<Date | undefined> {
  const { rows } = await db.query<{ failed_at: Date }>(
    `SELECT failed_at FROM login_failures WHERE ${column} = $1 AND failed_at > $2
        AND ${column === 'ip' ? 'NOT pending' : '(NOT pending OR failed_at > $4)'}
      ORDER BY failed_at DESC OFFSET $3 LIMIT 1`,
    column === 'ip' ? [key, since, n - 1] : [key, since, n - 1, pendingSince]);
  return rows[0]?.failed_at;
}

/** A sign-in attempt, counted as a failure until it succeeds; returns its id. */
export async function recordAttempt(db: Queryable, f: { accountKey: string; ip: string; now: Date }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'INSERT INTO login_failures (account_key, ip, failed_at, pending) VALUES ($1, $2, $3, true) RETURNING id', [f.accountKey, f.ip, f.now]);
  return rows[0]!.id;
}

/** The password was wrong: the attempt becomes a failure for the IP too. */
export async function settleAttempt(db: Queryable, id: number): Promise<void> {
  await db.query('UPDATE login_failures SET pending = false WHERE id = $1', [id]);
}

export async function dropAttempt(db: Queryable, id: number): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE id = $1', [id]);
}

export async function clearAccountFailures(db: Queryable, accountKey: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE account_key = $1', [accountKey]);
}

export async function pruneFailures(db: Queryable, before: Date): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM login_failures WHERE failed_at <= $1', [before]);
  return rowCount ?? 0;
}
