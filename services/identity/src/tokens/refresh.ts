import { createHash, randomBytes } from 'node:crypto';

/** A refresh token lives this long unused; each use rotates it and starts a new period. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;

/** 32 random bytes, base64url; only its SHA-256 is stored. */
export function newRefreshToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Sessions last seen before this instant hold no refresh token that still works. */
export function sessionsAliveSince(now: Date): Date {
  return new Date(now.getTime() - REFRESH_TOKEN_TTL_MS);
}
