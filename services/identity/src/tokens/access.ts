import { createSigner } from 'fast-jwt';
import type { SigningKey } from './keys.js';

/** Access tokens live 10 minutes (docs/ARCHITECTURE.md §5.2). */
export const ACCESS_TOKEN_TTL_SECONDS = 600;

export interface AccessTokenIssuer {
  readonly ttlSeconds: number;
  issue(claims: { sub: string; sid: string; roles: string[] }): string;
}

export function createAccessTokenIssuer(options: {
  key: SigningKey;
  issuer: string;
  audience: string;
  ttlSeconds?: number;
}): AccessTokenIssuer {
  const ttlSeconds = options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
  const sign = createSigner({
    algorithm: 'EdDSA',
    key: options.key.privatePem,
    kid: options.key.kid,
    iss: options.issuer,
    aud: options.audience,
    expiresIn: ttlSeconds * 1000,
  });
  return {
    ttlSeconds,
    // Wall-clock time, not the service's business clock: verifiers check exp against the wall clock.
    issue: (claims) => sign({ sub: claims.sub, sid: claims.sid, roles: claims.roles }),
  };
}
