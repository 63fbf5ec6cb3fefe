import { Gauge } from 'prom-client';
import { createService, type App, type createLogger } from '@joo/service-kit';
import type { GatewayConfig } from './config.js';
import { registerEdge } from './edge.js';
import type { RevokedSessions } from './revocations.js';
import { registerDocs } from './routes/docs.js';
import { registerProxies } from './routes/proxy.js';
import { addUpstreamReadiness } from './routes/readiness.js';

export type AppConfig = Pick<GatewayConfig,
  'jwksUrl' | 'issuer' | 'audience' | 'upstreams' | 'corsOrigins' | 'rateLimits' | 'upstreamTimeoutMs' | 'docsCacheMs' | 'trustProxy'>;

export interface GatewayDeps {
  config: AppConfig;
  revoked: RevokedSessions;
  /** Readiness of what the gateway runs on besides its upstreams: `{ nats: () => bus.nc.rtt() }`. */
  readiness?: Record<string, () => Promise<unknown>>;
  logger?: ReturnType<typeof createLogger>;
  logLevel?: string;
}

export async function buildApp(deps: GatewayDeps): Promise<App> {
  const { config, revoked } = deps;
  const app = await createService({
    name: 'gateway',
    description: 'Routes /v1/<service>/… to the services; verifies tokens; rate limits',
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: config.trustProxy,
    auth: {
      issuer: config.issuer,
      audience: config.audience,
      keys: { jwksUrl: config.jwksUrl },
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
  return app;
}
