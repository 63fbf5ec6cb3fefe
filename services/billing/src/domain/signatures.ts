import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `body` under `secret`, base64 (CloudPayments' Content-HMAC). */
export function hmacBase64(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** HMAC-SHA256 of `body` under `secret`, lowercase hex (the sandbox's signature). */
export function hmacHex(secret: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** Constant-time comparison of a received signature with the expected one. */
export function sameSignature(received: string | undefined, expected: string): boolean {
  if (typeof received !== 'string' || received.length === 0) return false;
  const a = Buffer.from(received.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
