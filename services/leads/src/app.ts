import { ADMIN_TAG } from '@joo/service-kit';
import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import type { LeadsContext } from './context.js';
import { createSecretBox } from './crypto/secrets.js';
import { systemResolve } from './delivery/address-guard.js';
import { leadsMetrics } from './metrics.js';
import { directoryRoutes } from './routes/directory.js';
import { PARTNER_API_KEY_SCHEME, partnerRoutes } from './routes/partner-api.js';
import { partnerAdminRoutes } from './routes/partners-admin.js';
import { studentRoutes } from './routes/student.js';

/** leads verifies access tokens itself (`auth`), as defence in depth. */
export interface BuildAppDeps extends ServiceAppDeps {
  /** PARTNER_SECRETS_KEY: base64 of 32 bytes */
  partnerSecretsKey: string;
  allowPrivateWebhooks?: boolean;
  webhookTimeoutMs?: number;
  /** how long the old webhook secret / API key lives on after a rotation */
  overlapMs?: number;
  clock?: () => Date;
  resolveHost?: (host: string) => Promise<string[]>;
}

/** The leads service as a Fastify app, and the context its delivery worker and consumers share. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<LeadsContext>> {
  const app = await createServiceApp(deps, {
    name: 'leads',
    description: 'University directory, shortlists, "Get consultation" leads, partner webhooks and pull API, the transfer ledger',
    tags: [
      { name: 'leads', description: 'The university directory, your choices and consultation requests' },
      { name: 'partner', description: 'What partner universities call with their API key' },
      ADMIN_TAG,
    ],
    securitySchemes: { partnerApiKey: PARTNER_API_KEY_SCHEME },
  });
  const ctx: LeadsContext = {
    ...outboxContext(deps),
    clock: deps.clock ?? (() => new Date()),
    secrets: createSecretBox(deps.partnerSecretsKey),
    metrics: leadsMetrics(app.metrics, deps.pool),
    allowPrivateWebhooks: deps.allowPrivateWebhooks ?? false,
    webhookTimeoutMs: deps.webhookTimeoutMs ?? 10_000,
    overlapMs: deps.overlapMs ?? 24 * 3_600_000,
    // The background's delivery worker takes this over once it runs.
    onDeliveryDue: () => {},
    resolveHost: deps.resolveHost ?? systemResolve,
  };
  directoryRoutes(app, ctx);
  studentRoutes(app, ctx);
  partnerAdminRoutes(app, ctx);
  partnerRoutes(app, ctx);
  return { app, ctx };
}
