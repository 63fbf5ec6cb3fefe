import { startServiceProcess } from '@joo/service-runtime';
import { buildCatalog, type CatalogApp } from './app.js';
import { loadCatalogConfigOrExit } from './config.js';
import { startCatalogConsumers } from './events/consumers.js';

const config = loadCatalogConfigOrExit();
let built: CatalogApp | undefined;

await startServiceProcess({
  name: 'catalog',
  config,
  // 8 payment handlers and one per other stream (events/consumers.ts), the relay, and HTTP's share.
  poolSize: 20,
  build: async ({ pool, wakeRelay }) => {
    built = await buildCatalog({
      pool,
      jwksUrl: config.JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      playbackSigningKey: config.PLAYBACK_SIGNING_KEY,
      playbackTtlSeconds: config.PLAYBACK_URL_TTL_SECONDS,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      logLevel: config.LOG_LEVEL,
      trustProxy: config.TRUST_PROXY,
      onOutboxWrite: wakeRelay,
    });
    return built.app;
  },
  // Payments grant, refunds revoke, contests make news, erasure clears: one consumer per stream.
  background: async ({ bus, app }) => {
    const consumers = await startCatalogConsumers(built!.ctx, bus, app.log, app.metrics);
    return consumers.map((c) => () => c.stop());
  },
});
