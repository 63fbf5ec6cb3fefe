import type { Queryable } from '@joo/db';
import { problems } from '@joo/service-kit';
import { clearAccountFailures, nthNewestFailure, recentFailures, recordFailure } from '../store/login-failures.js';

/**
 * Password-guessing throttle (ARCHITECTURE §5), kept in PostgreSQL so every replica sees the same
 * counts: at most 5 failures per account and 20 per IP within 15 minutes.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perIp: 20,
} as const;

/**
 * Throws 429 with Retry-After when the account or the IP has used up its failures; otherwise
 * returns how many recent failures the account has (a success need clear nothing when 0).
 */
export async function assertNotThrottled(db: Queryable, accountKey: string, ip: string, now: Date): Promise<{ accountFailures: number }> {
  const since = new Date(now.getTime() - THROTTLE.windowMs);
  const counts = await recentFailures(db, { accountKey, ip, since });
  const waits: number[] = [];
  // The window frees up when the limit-th newest failure leaves it.
  if (counts.account >= THROTTLE.perAccount) {
    const at = await nthNewestFailure(db, 'account_key', accountKey, THROTTLE.perAccount, since);
    if (at) waits.push(at.getTime() + THROTTLE.windowMs - now.getTime());
  }
  if (counts.ip >= THROTTLE.perIp) {
    const at = await nthNewestFailure(db, 'ip', ip, THROTTLE.perIp, since);
    if (at) waits.push(at.getTime() + THROTTLE.windowMs - now.getTime());
  }
  if (waits.length === 0) return { accountFailures: counts.account };
  const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
  throw problems.tooManyRequests(seconds, 'Too many failed sign-in attempts; try again later');
}

export async function noteFailure(db: Queryable, accountKey: string, ip: string, now: Date): Promise<void> {
  await recordFailure(db, { accountKey, ip, now });
}

export async function noteSuccess(db: Queryable, accountKey: string): Promise<void> {
  await clearAccountFailures(db, accountKey);
}
