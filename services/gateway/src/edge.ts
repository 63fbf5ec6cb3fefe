import cors from '@fastify/cors';
import rateLimit, { type CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problems, type AccessClaims } from '@joo/service-kit';

export interface EdgeOptions {
  corsOrigins: string[];
  rateLimits: { ipPerMinute: number; userPerMinute: number };
}

const WINDOW_MS = 60_000;
const BEARER = /^Bearer\s+\S/i;

/** `http://localhost:*` → any port of that host; `*` → any origin; otherwise exact. */
export function originMatcher(patterns: string[]): (origin: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set<string>();
  const anyPort: string[] = [];
  for (const p of patterns) {
    const lower = p.toLowerCase();
    if (lower.endsWith(':*')) anyPort.push(lower.slice(0, -2));
    else exact.add(lower);
  }
  return (origin) => {
    const o = origin.toLowerCase();
    if (exact.has(o)) return true;
    return anyPort.some((base) => o === base || (o.startsWith(`${base}:`) && /^\d{1,5}$/.test(o.slice(base.length + 1))));
  };
}

/**
 * The in-memory store is an LRU of 5,000 keys unless told otherwise (the option is read at run time
 * but missing from the types); a busy minute has more addresses and users than that.
 */
function sized(options: CreateRateLimitOptions): CreateRateLimitOptions {
  return { ...options, cache: 50_000 } as CreateRateLimitOptions;
}

/**
 * Partner universities call `/v1/leads/partner/…` with an API key, not a JWT: leads checks the key,
 * so the gateway passes their bearer on unverified. Only plain paths qualify — no dots or
 * percent-escapes — so `/v1/leads/partner/../me` cannot smuggle an unchecked token elsewhere.
 */
const PARTNER_API = /^\/v1\/leads\/partner\/[A-Za-z0-9_\-/]*$/;

export function isPartnerApiPath(url: string): boolean {
  const query = url.indexOf('?');
  return PARTNER_API.test(query === -1 ? url : url.slice(0, query));
}

function exempt(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && route.startsWith('/health/');
}

/**
 * What every request meets before it is routed: CORS, the per-IP limit, the token check when a
 * bearer token is sent (bad, expired and revoked tokens are refused here, before any service sees
 * them), then the per-user limit. Requests without a token pass on: public routes exist, and each
 * service enforces its own auth as well. Partner API keys pass on to leads (isPartnerApiPath).
 * Health is exempt (metrics are not on this port).
 */
export async function registerEdge(app: FastifyInstance, options: EdgeOptions): Promise<void> {
  const allowed = originMatcher(options.corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin === undefined ? false : allowed(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'traceparent'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });

  await app.register(rateLimit, { global: false });
  const perIp = app.createRateLimit(sized({ max: options.rateLimits.ipPerMinute, timeWindow: WINDOW_MS }));
  const perUser = app.createRateLimit(sized({
    max: options.rateLimits.userPerMinute, timeWindow: WINDOW_MS,
    keyGenerator: (request) => `user:${(request as FastifyRequest & { user: AccessClaims }).user.sub}`,
  }));
  const enforce = async (limiter: typeof perIp, request: FastifyRequest, who: string) => {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      throw problems.tooManyRequests(Math.max(1, result.ttlInSeconds), `Too many requests from this ${who}; try again later`);
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    if (exempt(request)) return;
    await enforce(perIp, request, 'address');
    if (!BEARER.test(request.headers.authorization ?? '') || isPartnerApiPath(request.url)) return;
    await app.authenticate.call(app, request, reply);
    await enforce(perUser, request, 'account');
  });
}
