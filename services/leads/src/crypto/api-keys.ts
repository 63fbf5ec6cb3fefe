import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Partner API keys: `joo_pk_` + 43 base64url characters (256 random bits). The prefix lets secret
 * scanners recognise a leaked key. Only a SHA-256 of the key is stored (a slow hash buys nothing
 * against 256 random bits); the first 12 characters after the prefix find the row, and the hash
 * is then compared in constant time.
 */
export const API_KEY_PREFIX = 'joo_pk_';
const KEY_PATTERN = /^joo_pk_[A-Za-z0-9_-]{43}$/;
const LOOKUP_LENGTH = 12;

export interface NewApiKey {
  key: string;
  lookup: string;
  hash: Buffer;
}

export function generateApiKey(): NewApiKey {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, lookup: lookupOf(key)!, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The row-finding slice of a well-formed key, or null for anything else. */
export function lookupOf(key: string): string | null {
  return KEY_PATTERN.test(key) ? key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + LOOKUP_LENGTH) : null;
}

export function hashesMatch(stored: Buffer, presented: Buffer): boolean {
  return stored.length === presented.length && timingSafeEqual(stored, presented);
}
