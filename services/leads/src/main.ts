import { startConsumer } from '@joo/bus';
import { pruneIdempotencyKeys } from '@joo/idempotency';
import { startServiceProcess } from '@joo/service-runtime';
import { buildLeads } from './app.js';
import { loadLeadsConfigOrExit } from './config.js';
import type { LeadsContext } from './context.js';
import { closeSenderAgents } from './delivery/sender.js';
import { startDeliveryWorker, type DeliveryWorker } from './delivery/worker.js';
import { identityRoutes } from './events/identity.js';

const config = loadLeadsConfigOrExit();
const started: { worker?: DeliveryWorker; ctx?: LeadsContext } = {};

await startServiceProcess({
  name: 'leads',
  config,
  build: async ({ pool, wakeRelay }) => {
    const { app, ctx } = await buildLeads({
      pool,
      jwksUrl: config.JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      partnerSecretsKey: config.PARTNER_SECRETS_KEY,
      allowPrivateWebhooks: config.ALLOW_PRIVATE_WEBHOOKS,
      webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
      overlapMs: config.SECRET_OVERLAP_HOURS * 3_600_000,
      logLevel: config.LOG_LEVEL,
      trustProxy: config.TRUST_PROXY,
      onOutboxWrite: wakeRelay,
      onDeliveryDue: () => started.worker?.wake(),
    });
    started.ctx = ctx;
    return app;
  },
  background: async ({ pool, bus, app }) => {
    const consumer = await startConsumer({
      pool, bus, consumer: 'leads', ...identityRoutes.consumer(), log: app.log, registry: app.metrics,
    });
    const worker = startDeliveryWorker({
      ctx: started.ctx!, timeoutMs: config.WEBHOOK_TIMEOUT_MS, concurrency: config.DELIVERY_CONCURRENCY,
      pollIntervalMs: config.DELIVERY_POLL_INTERVAL_MS, log: app.log,
    });
    started.worker = worker;
    const prune = setInterval(() => {
      pruneIdempotencyKeys(pool).catch((error: unknown) => app.log.warn({ err: error }, 'pruning idempotency keys failed'));
    }, 3_600_000);
    prune.unref();
    return [() => consumer.stop(), () => worker.stop(), () => clearInterval(prune), () => closeSenderAgents()];
  },
});
