import type { KeyObject } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
// Re-exported so that every consumer of the kit's types also loads @fastify/jwt's request.user typing.
export type { FastifyJWT } from '@fastify/jwt';
import { jwksKeys } from './jwks.js';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { ProblemError, problems } from './problems.js';
import { VerifiedTokens } from './verified-tokens.js';

/** The claims every access token carries (docs/ARCHITECTURE.md §5.2). */
export interface AccessClaims {
  sub: string;
  sid: string;
  roles: string[];
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims;
    user: AccessClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a valid access token of a live session is required. */
    authenticate: preHandlerAsyncHookHandler;
    /**
     * preHandler: a valid access token is required; whether its session is live is left to the
     * route, which must refuse a dead one with `sessionRevoked()`. For identity's reads that learn
     * it in the statement reading their answer, saving a round trip to the database.
     */
    verifyAccessToken: preHandlerAsyncHookHandler;
    /** preHandler: authenticated and holding one of the roles. */
    requireRole: (...roles: string[]) => preHandlerAsyncHookHandler;
  }
}

/** Verifiers pin the algorithm (RFC 8725 §3.1): tokens in any other algorithm are refused. */
export const ACCESS_TOKEN_ALGORITHMS = ['EdDSA'] as const;

export type KeySource =
  | { jwksUrl: string }
  | { publicKeys: (kid: string | undefined) => Promise<KeyObject | undefined> | KeyObject | undefined };

/** The issuer and audience every access token of the platform carries, unless configured otherwise. */
export const PLATFORM_ISSUER = 'joo-identity';
export const PLATFORM_AUDIENCE = 'joo-platform';

/**
 * How a service verifies access tokens: the one `auth` field of every service's buildApp deps.
 * Issuer and audience default to the platform's.
 */
export interface ServiceAuth {
  /** Where the keys come from: identity's JWKS in production, a test issuer's JWKS in tests. */
  keys: KeySource;
  issuer?: string;
  audience?: string;
}

/** A service process's ServiceAuth: identity's JWKS, the issuer and the audience of its config. */
export function authFromConfig(config: { JWKS_URL: string; JWT_ISSUER: string; JWT_AUDIENCE: string }): ServiceAuth {
  return { keys: { jwksUrl: config.JWKS_URL }, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}

export interface AuthOptions extends ServiceAuth {
  /** Consulted after the signature: lets the gateway and identity refuse revoked sessions at once. */
  isSessionRevoked?: (sessionId: string, claims: AccessClaims) => boolean | Promise<boolean>;
}

function keyResolver(source: KeySource): (kid: string | undefined) => Promise<KeyObject | undefined> {
  if ('publicKeys' in source) return async (kid) => source.publicKeys(kid);
  return jwksKeys(source.jwksUrl);
}

/** The answer to a token whose session was signed out (or never existed). */
export function sessionRevoked(): ProblemError {
  return new ProblemError(401, 'session-revoked', 'Unauthorized', 'This session has been signed out');
}

/** What @fastify/jwt reads from the header too: the scheme, one space, the token. */
const BEARER = /^Bearer ([^\s]+)$/;

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  const resolve = keyResolver(options.keys);
  // Turning a key into PEM costs more than the signature check itself: keep it per kid for a
  // while (key rotation publishes a new kid, so a stale entry is never wrong for long).
  const pemByKid = new Map<string, { pem: string; until: number }>();
  const KEY_CACHE_MS = 5 * 60_000;
  await app.register(fastifyJwt, {
    decode: { complete: true },
    secret: {
      public: async (_request: FastifyRequest, token: unknown) => {
        const kid = (token as { header?: { kid?: string } }).header?.kid;
        const cached = kid ? pemByKid.get(kid) : undefined;
        if (cached && cached.until > Date.now()) return cached.pem;
        const key = await resolve(kid);
        if (!key) throw new Error('unknown signing key');
        const pem = key.export({ type: 'spki', format: 'pem' }) as string;
        if (kid) pemByKid.set(kid, { pem, until: Date.now() + KEY_CACHE_MS });
        return pem;
      },
    },
    verify: {
      algorithms: [...ACCESS_TOKEN_ALGORITHMS],
      allowedIss: options.issuer ?? PLATFORM_ISSUER,
      allowedAud: options.audience ?? PLATFORM_AUDIENCE,
      // Without these, a token lacking iss or aud would skip those checks altogether.
      requiredClaims: ['sub', 'sid', 'exp', 'iss', 'aud'],
      // fast-jwt remembers tokens it verified until they expire; revocation is checked apart.
      cache: 10_000,
    },
  } as Parameters<typeof fastifyJwt>[1]);

  const verified = new VerifiedTokens();
  const verifyAccessToken: preHandlerAsyncHookHandler = async function (request) {
    const header = request.headers.authorization;
    if (!header) throw problems.unauthorized('Send an access token: Authorization: Bearer <token>');
    const token = BEARER.exec(header)?.[1];
    let claims = token === undefined ? undefined : verified.get(token, Date.now() / 1000);
    if (claims === undefined) {
      try {
        await request.jwtVerify();
      } catch {
        throw new ProblemError(401, 'invalid-token', 'Unauthorized', 'The access token is invalid or expired');
      }
      const checked = request.user;
      if (!Array.isArray(checked.roles)) checked.roles = [];
      claims = token === undefined ? checked : verified.remember(token, checked);
    }
    request.user = claims as AccessClaims;
  };
  const authenticate: preHandlerAsyncHookHandler = async function (request, reply) {
    await verifyAccessToken.call(this, request, reply);
    if (options.isSessionRevoked && (await options.isSessionRevoked(request.user.sid, request.user))) throw sessionRevoked();
  };
  app.decorate('verifyAccessToken', verifyAccessToken);
  app.decorate('authenticate', authenticate);
  app.decorate('requireRole', (...roles: string[]): preHandlerAsyncHookHandler => async function (request, reply) {
    await authenticate.call(this, request, reply);
    if (!request.user.roles.some((r) => roles.includes(r))) {
      throw problems.forbidden(`This needs the role ${roles.join(' or ')}`);
    }
  });
}
