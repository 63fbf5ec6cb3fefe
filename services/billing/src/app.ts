import type { Pool } from '@joo/db';
import { createService, type App, type KeySource } from '@joo/service-kit';
import type { BillingContext } from './context.js';
import { billingMetrics, type BillingMetrics } from './metrics.js';
import { createProviders, type ProviderSettings } from './providers/registry.js';
import { adminRoutes } from './routes/admin.js';
import { callbackRoutes } from './routes/callbacks.js';
import { orderRoutes } from './routes/orders.js';
import { sandboxRoutes } from './routes/sandbox.js';

export interface BuildAppDeps {
  pool: Pool;
  /** Where access tokens' keys come from: identity's JWKS in production, a test issuer in tests. */
  keys: KeySource;
  providers: ProviderSettings;
  issuer?: string;
  audience?: string;
  logLevel?: string;
  trustProxy?: boolean | string;
  clock?: () => Date;
  /** Called after a commit that wrote events: main passes the relay's wake(). */
  onOutboxWrite?: () => void;
}

export type BillingApp = App & { billing: BillingContext };

/** The billing service as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<BillingApp> {
  const app = await createService({
    name: 'billing',
    description: 'Orders with price snapshots, payments with providers, provider callbacks, refund payouts',
    ...(deps.logLevel ? { logLevel: deps.logLevel } : {}),
    trustProxy: deps.trustProxy ?? false,
    auth: { issuer: deps.issuer ?? 'joo-identity', audience: deps.audience ?? 'joo-platform', keys: deps.keys },
  });
  const clock = deps.clock ?? (() => new Date());
  const metrics: BillingMetrics = billingMetrics(app.metrics, { pool: deps.pool, clock });
  const ctx: BillingContext = {
    pool: deps.pool,
    clock,
    providers: createProviders(deps.providers),
    metrics,
    onOutboxWrite: deps.onOutboxWrite ?? (() => {}),
  };
  app.addReadinessCheck('postgres', () => deps.pool.query('SELECT 1'));

  orderRoutes(app, ctx);
  adminRoutes(app, ctx);
  await callbackRoutes(app, ctx);
  await sandboxRoutes(app, ctx, deps.providers.publicBaseUrl);
  return Object.assign(app, { billing: ctx });
}
