import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadCatalogConfigOrExit } from './config.js';
import { startCatalogConsumers } from './events/consumers.js';

const config = loadCatalogConfigOrExit();

await startServiceProcess({
  name: 'catalog',
  config,
  // 2 payment workers and one per other stream (events/consumers.ts), the relay, and HTTP's share.
  poolSize: 20,
  build: (outbox) => buildApp({
    ...outbox,
    auth: authFromConfig(config),
    playbackSigningKey: config.PLAYBACK_SIGNING_KEY,
    playbackTtlSeconds: config.PLAYBACK_URL_TTL_SECONDS,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
  }),
  // Payments grant, refunds revoke, contests make news, erasure clears: one consumer per stream.
  background: async (ctx, { bus, app }) => {
    const consumers = await startCatalogConsumers(ctx, bus, app.log, app.metrics);
    return consumers.map((c) => () => c.stop());
  },
});
