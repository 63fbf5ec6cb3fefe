import type { AccessClaims } from './auth.js';

/**
 * Access tokens whose signature, issuer and audience were checked, by their exact text, until they
 * expire. A token's bytes verify the same way every time, so repeating the check for each request
 * of a session buys nothing; skipping it (decoding, key lookup, Ed25519) is most of what a cheap
 * authenticated request costs. Revocation is not remembered here: it is asked on every request.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, Readonly<AccessClaims>>();
  readonly #capacity: number;

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, not ${capacity}`);
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The claims of `token` if it was verified and has not expired at `nowSeconds`. */
  get(token: string, nowSeconds: number): Readonly<AccessClaims> | undefined {
    const claims = this.#entries.get(token);
    if (claims === undefined) return undefined;
    if (claims.exp !== undefined && claims.exp > nowSeconds) return claims;
    this.#entries.delete(token);
    return undefined;
  }

  /** Remembers verified claims; the oldest entry makes room when full. Tokens without exp are not kept. */
  remember(token: string, claims: AccessClaims): Readonly<AccessClaims> {
    const frozen = Object.freeze({ ...claims, roles: Object.freeze([...claims.roles]) as string[] });
    if (typeof claims.exp !== 'number') return frozen;
    if (this.#entries.size >= this.#capacity && !this.#entries.has(token)) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(token, frozen);
    return frozen;
  }
}
