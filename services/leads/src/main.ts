import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { startBackground } from './background.js';
import { loadLeadsConfigOrExit } from './config.js';

const config = loadLeadsConfigOrExit();

await startServiceProcess({
  name: 'leads',
  config,
  build: (outbox) => buildApp({
    ...outbox,
    auth: authFromConfig(config),
    partnerSecretsKey: config.PARTNER_SECRETS_KEY,
    allowPrivateWebhooks: config.ALLOW_PRIVATE_WEBHOOKS,
    webhookTimeoutMs: config.WEBHOOK_TIMEOUT_MS,
    overlapMs: config.SECRET_OVERLAP_HOURS * 3_600_000,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
  }),
  background: (ctx, host) => startBackground(ctx, host, config),
});
