import { createServiceApp, outboxContext, type BuiltService, type ServiceAppDeps } from '@joo/service-runtime';
import { DEFAULT_BANK_TRANSFERS, type BankTransferSettings } from './bank-transfers.js';
import type { BillingContext } from './context.js';
import { billingMetrics, type BillingMetrics } from './metrics.js';
import { createProviders, type ProviderSettings } from './providers/registry.js';
import { adminRoutes } from './routes/admin.js';
import { callbackRoutes } from './routes/callbacks.js';
import { payoutBatchRoutes } from './routes/payout-batches.js';
import { orderRoutes } from './routes/orders.js';
import { sandboxRoutes } from './routes/sandbox.js';

export interface BuildAppDeps extends ServiceAppDeps {
  providers: ProviderSettings;
  clock?: () => Date;
  /** default: the offer's own account and codes */
  bankTransfers?: BankTransferSettings;
}

/** The billing service as a Fastify app; main.ts listens with it, tests inject into it. */
export async function buildApp(deps: BuildAppDeps): Promise<BuiltService<BillingContext>> {
  const app = await createServiceApp(deps, {
    name: 'billing',
    description: 'Orders with price snapshots, payments with providers, provider callbacks, refund payouts',
    tags: [
      { name: 'billing', description: 'Orders with price snapshots, payment methods, provider callbacks, the sandbox payment page, refund payouts' },
    ],
  });
  const clock = deps.clock ?? (() => new Date());
  const metrics: BillingMetrics = billingMetrics(app.metrics, { pool: deps.pool, clock }, deps.providers.enabled);
  const ctx: BillingContext = {
    ...outboxContext(deps),
    clock,
    providers: createProviders(deps.providers),
    metrics,
    bankTransfers: deps.bankTransfers ?? DEFAULT_BANK_TRANSFERS,
  };

  orderRoutes(app, ctx);
  adminRoutes(app, ctx);
  await payoutBatchRoutes(app, ctx);
  await callbackRoutes(app, ctx);
  await sandboxRoutes(app, ctx, deps.providers.publicBaseUrl);
  return { app, ctx };
}
