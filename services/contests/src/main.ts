import { startConsumer } from '@joo/bus';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { loadContestsConfigOrExit } from './config.js';
import { identityRoutes } from './events/identity.js';

const config = loadContestsConfigOrExit();

await startServiceProcess({
  name: 'contests',
  config,
  build: ({ pool, wakeRelay }) => buildApp({
    pool,
    keys: { jwksUrl: config.JWKS_URL },
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    logLevel: config.LOG_LEVEL,
    onOutboxWrite: wakeRelay,
  }),
  background: async ({ pool, bus, app }) => {
    const identity = await startConsumer({
      pool, bus, consumer: 'contests', ...identityRoutes.consumer(), log: app.log, registry: app.metrics,
    });
    return [() => identity.stop()];
  },
});
