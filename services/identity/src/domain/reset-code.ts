import { randomInt, timingSafeEqual } from 'node:crypto';

/** Offer 6.3.1 (ADR 0028): how long a reset code lives and how many wrong tries burn it. */
export const RESET_CODE = { ttlMs: 15 * 60_000, maxTries: 5 } as const;

/** Requests allowed per hour: per account (codes sent), per address (any login). */
export const RESET_THROTTLE = { windowMs: 60 * 60_000, perAccount: 3, perIp: 10 } as const;

/** Six digits, uniformly from a CSPRNG; leading zeros kept. */
export function newResetCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/** What is hashed: the reset id binds the code to one request, the prefix to this purpose. */
export function resetCodeMaterial(resetId: string, code: string): string {
  return `password-reset:${resetId}:${code}`;
}

/** Constant-time comparison of two digests (different lengths are simply unequal). */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether a stored code can still be tried at `now`. */
export function codeUsable(reset: { expiresAt: Date; tries: number }, now: Date): boolean {
  return reset.expiresAt.getTime() > now.getTime() && reset.tries < RESET_CODE.maxTries;
}
