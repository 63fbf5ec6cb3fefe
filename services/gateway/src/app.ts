import { Gauge } from 'prom-client';
import { createService, type App, type createLogger, type ServiceAuth } from '@joo/service-kit';
import type { GatewayConfig } from './config.js';
import { registerEdge } from './edge.js';
import { RevokedSessions } from './revocations.js';
import { registerDocs } from './routes/docs.js';
import { registerProxies } from './routes/proxy.js';
import { addUpstreamReadiness } from './routes/readiness.js';

export type AppConfig = Pick<GatewayConfig, 'upstreams' | 'corsOrigins' | 'rateLimits' | 'upstreamTimeoutMs' | 'docsCacheMs' | 'trustProxy'>;

export interface GatewayDeps {
  config: AppConfig;
  /** How access tokens are verified: identity's JWKS in production, a test issuer in tests. */
  auth: ServiceAuth;
  /** The sessions whose tokens are refused; a new, empty set unless given. */
  revoked?: RevokedSessions;
  /** Readiness of what the gateway runs on besides its upstreams: `{ nats: () => bus.nc.rtt() }`. */
  readiness?: Record<string, () => Promise<unknown>>;
  logger?: ReturnType<typeof createLogger>;
  logLevel?: string;
}

/** What the gateway's background work shares with its app: the revocation feed fills `revoked`. */
export interface GatewayContext {
  revoked: RevokedSessions;
}

/** The gateway as a Fastify app, and the revoked sessions its revocation feed keeps up to date. */
export async function buildApp(deps: GatewayDeps): Promise<{ app: App; ctx: GatewayContext }> {
  const { config } = deps;
  const revoked = deps.revoked ?? new RevokedSessions();
  const app = await createService({
    name: 'gateway',
    description: 'Routes /v1/<service>/… to the services; verifies tokens; rate limits',
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: config.trustProxy,
    auth: {
      ...deps.auth,
      isSessionRevoked: (sessionId) => revoked.has(sessionId),
    },
  });

  new Gauge({
    name: 'gateway_revoked_sessions',
    help: 'Sessions whose tokens the gateway refuses (revoked, tokens not yet expired)',
    registers: [app.metrics],
    collect() {
      this.set(revoked.size);
    },
  });

  for (const [name, check] of Object.entries(deps.readiness ?? {})) app.addReadinessCheck(name, check);
  addUpstreamReadiness(app, config.upstreams);
  await registerEdge(app, { corsOrigins: config.corsOrigins, rateLimits: config.rateLimits });
  await registerProxies(app, { upstreams: config.upstreams, timeoutMs: config.upstreamTimeoutMs });
  await registerDocs(app, { upstreams: config.upstreams, cacheMs: config.docsCacheMs });
  return { app, ctx: { revoked } };
}
