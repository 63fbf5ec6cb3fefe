import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url; only its SHA-256 is stored (refresh and device tokens). */
export function newSecretToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
