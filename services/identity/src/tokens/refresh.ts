import { hashSecretToken, newSecretToken } from './secret.js';

/** A refresh token lives this long unused; each use rotates it and starts a new period. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;

export const newRefreshToken = newSecretToken;
export const hashRefreshToken = hashSecretToken;

/** Sessions last seen before this instant hold no refresh token that still works. */
export function sessionsAliveSince(now: Date): Date {
  return new Date(now.getTime() - REFRESH_TOKEN_TTL_MS);
}
