import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';

const REFRESH_MS = 10 * 60_000;
/** After a fetch, an unknown kid waits this long before the set is fetched again. */
const MISS_BACKOFF_MS = 10_000;
const FETCH_TIMEOUT_MS = 3_000;

/**
 * Identity's public keys by kid, from its JWKS. The whole set is cached and fetched again every
 * ten minutes, or when a token names a kid the set lacks (a rotated key) — but at most every ten
 * seconds, so tokens with forged kids cannot turn each request into a call to identity. Ed25519
 * (OKP) keys are converted by node:crypto, which libraries built on jwk-to-pem cannot do.
 */
export function jwksKeys(url: string): (kid: string | undefined) => Promise<KeyObject | undefined> {
  let keys = new Map<string, KeyObject>();
  let fetchedAt = 0;
  let inFlight: Promise<void> | undefined;

  const refresh = () => {
    inFlight ??= (async () => {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        if (!response.ok) return;
        const body = (await response.json()) as { keys?: Array<JsonWebKey & { kid?: string }> };
        const next = new Map<string, KeyObject>();
        for (const jwk of body.keys ?? []) {
          if (!jwk.kid) continue;
          try {
            next.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
          } catch { /* a key we cannot read is a key we do not trust */ }
        }
        keys = next;
      } catch { /* identity unreachable: keep the keys we had */ } finally {
        fetchedAt = Date.now();
        inFlight = undefined;
      }
    })();
    return inFlight;
  };

  return async (kid) => {
    if (!kid) return undefined;
    const age = Date.now() - fetchedAt;
    if (age > REFRESH_MS || (!keys.has(kid) && age > MISS_BACKOFF_MS)) await refresh();
    return keys.get(kid);
  };
}
