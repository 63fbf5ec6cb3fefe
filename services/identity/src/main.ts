import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadIdentityConfigOrExit } from './config.js';
import { startProfileLockConsumer } from './events/catalog.js';
import { startSweeper } from './jobs/sweeper.js';

const config = loadIdentityConfigOrExit();

await startServiceProcess({
  name: 'identity',
  config,
  build: ({ pool, wakeRelay }) => buildApp({
    pool,
    signingKey: config.signingKey,
    pii: { encryptionKey: config.PII_ENCRYPTION_KEY, hmacKey: config.PII_HMAC_KEY },
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    onOutboxWrite: wakeRelay,
  }),
  background: async ({ pool, bus, app, wakeRelay }) => {
    const sweeper = startSweeper({ pool, intervalMs: config.ERASURE_SWEEP_INTERVAL_MS, log: app.log, onOutboxWrite: wakeRelay });
    // Offer 5.7: catalog's entitlements lock the profile subjects they were bought for.
    const locks = await startProfileLockConsumer({ pool, bus, log: app.log, registry: app.metrics });
    return [() => locks.stop(), () => sweeper.stop()];
  },
});
