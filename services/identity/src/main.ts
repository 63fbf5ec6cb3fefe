import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadIdentityConfigOrExit } from './config.js';
import { startProfileLockConsumer } from './events/catalog.js';
import { startSweeper } from './jobs/sweeper.js';

const config = loadIdentityConfigOrExit();

await startServiceProcess({
  name: 'identity',
  config,
  build: (outbox) => buildApp({
    ...outbox,
    signingKey: config.signingKey,
    auth: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
    pii: { encryptionKey: config.PII_ENCRYPTION_KEY, hmacKey: config.PII_HMAC_KEY },
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
  }),
  background: async (ctx, { bus, app }) => {
    const sweeper = startSweeper({ pool: ctx.pool, intervalMs: config.ERASURE_SWEEP_INTERVAL_MS, log: app.log, onOutboxWrite: ctx.onOutboxWrite });
    // Offer 5.7: catalog's entitlements lock the profile subjects they were bought for.
    const locks = await startProfileLockConsumer({ pool: ctx.pool, bus, log: app.log, registry: app.metrics });
    return [() => locks.stop(), () => sweeper.stop()];
  },
});
