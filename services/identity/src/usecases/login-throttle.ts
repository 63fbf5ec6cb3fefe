import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { clearAccountFailures, dropAttempt, nthNewestFailure, recentFailures, recordAttempt, settleAttempt } from '../store/login-failures.js';

/**
 * Password-guessing throttle (docs/ARCHITECTURE.md §5.1), kept in PostgreSQL so every replica sees the same
 * counts: at most 5 failures per account and 20 per IP within 15 minutes.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 20,
  /** A check takes well under a second (argon2id); an attempt pending longer was abandoned by a crash. */
  pendingMs: 30_000,
} as const;

/**
 * Records this attempt (pending) before the password is checked, then counts. The insert commits
 * before the count, so of any number of concurrent guesses at one account at most the limit see a
 * count within it (the last of them to count sees all the others): a burst cannot outrun the
 * per-account throttle. Throws 429 with Retry-After, without keeping the attempt, when a limit is
 * used up; otherwise returns the attempt's id for attemptFailed / attemptSucceeded.
 */
export async function beginAttempt(db: Queryable, accountKey: string, ip: string, now: Date): Promise<number> {
  const id = await recordAttempt(db, { accountKey, ip, now });
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const pendingSince = new Date(now.getTime() - THROTTLE.pendingMs);
  const counts = await recentFailures(db, { accountKey, ip, since, pendingSince });
  const overAccount = counts.account > THROTTLE.perAccount; // this attempt included
  const overIp = counts.ip >= THROTTLE.perIp; // settled failures only
  if (!overAccount && !overIp) return id;

  // A refused attempt is not a guess: it must not push the lockout further out.
  await dropAttempt(db, id);
  const waits: number[] = [];
  // The window frees up when the limit-th newest failure leaves it.
  if (overAccount) {
    const at = await nthNewestFailure(db, 'account_key', accountKey, THROTTLE.perAccount, since, pendingSince);
    if (at) waits.push(at.getTime() + THROTTLE.windowMs - now.getTime());
  }
  if (overIp) {
    const at = await nthNewestFailure(db, 'ip', ip, THROTTLE.perIp, since, pendingSince);
    if (at) waits.push(at.getTime() + THROTTLE.windowMs - now.getTime());
  }
  const seconds = Math.max(1, Math.ceil(Math.max(0, ...waits) / 1000));
  throw problems.tooManyRequests(seconds, 'Too many failed sign-in attempts; try again later');
}

/** The password was wrong: the attempt stays, as a failure for the IP too. */
export async function attemptFailed(db: Queryable, id: number): Promise<void> {
  await settleAttempt(db, id);
}

/** The password was right: the attempt and the account's earlier failures are forgotten. */
export async function attemptSucceeded(db: Queryable, accountKey: string): Promise<void> {
  await clearAccountFailures(db, accountKey);
}
