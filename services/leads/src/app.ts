import type { Pool } from '@joo/db';
import { createService, type App } from '@joo/service-kit';
import type { LeadsContext } from './context.js';
import { createSecretBox } from './crypto/secrets.js';
import { systemResolve } from './delivery/address-guard.js';
import { leadsMetrics } from './metrics.js';
import { directoryRoutes } from './routes/directory.js';
import { partnerRoutes } from './routes/partner-api.js';
import { partnerAdminRoutes } from './routes/partners-admin.js';
import { studentRoutes } from './routes/student.js';

export interface BuildAppDeps {
  pool: Pool;
  /** identity's JWKS: leads verifies access tokens itself (defence in depth). */
  jwksUrl: string;
  issuer?: string;
  audience?: string;
  /** PARTNER_SECRETS_KEY: base64 of 32 bytes */
  partnerSecretsKey: string;
  allowPrivateWebhooks?: boolean;
  webhookTimeoutMs?: number;
  /** how long the old webhook secret / API key lives on after a rotation */
  overlapMs?: number;
  logLevel?: string;
  trustProxy?: boolean | string;
  clock?: () => Date;
  onOutboxWrite?: () => void;
  onDeliveryDue?: () => void;
  resolveHost?: (host: string) => Promise<string[]>;
}

export interface LeadsApp {
  app: App;
  ctx: LeadsContext;
}

/** The leads service as a Fastify app, and the context its delivery worker and consumers share. */
export async function buildLeads(deps: BuildAppDeps): Promise<LeadsApp> {
  const app = await createService({
    name: 'leads',
    description: 'University directory, shortlists, "Get consultation" leads, partner webhooks and pull API, the transfer ledger',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: deps.trustProxy ?? false,
    auth: { issuer: deps.issuer ?? 'joo-identity', audience: deps.audience ?? 'joo-platform', keys: { jwksUrl: deps.jwksUrl } },
  });
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));
  const ctx: LeadsContext = {
    pool: deps.pool,
    clock: deps.clock ?? (() => new Date()),
    secrets: createSecretBox(deps.partnerSecretsKey),
    metrics: leadsMetrics(app.metrics, deps.pool),
    allowPrivateWebhooks: deps.allowPrivateWebhooks ?? false,
    webhookTimeoutMs: deps.webhookTimeoutMs ?? 10_000,
    overlapMs: deps.overlapMs ?? 24 * 3_600_000,
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
    onDeliveryDue: deps.onDeliveryDue ?? (() => {}),
    resolveHost: deps.resolveHost ?? systemResolve,
  };
  directoryRoutes(app, ctx);
  studentRoutes(app, ctx);
  partnerAdminRoutes(app, ctx);
  partnerRoutes(app, ctx);
  return { app, ctx };
}
