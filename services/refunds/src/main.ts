import { startServiceProcess } from '@joo/service-runtime';
import { buildApp, type RefundsApp } from './app.js';
import { startBackground } from './background.js';
import { loadRefundsConfigOrExit } from './config.js';

const config = loadRefundsConfigOrExit();

await startServiceProcess({
  name: 'refunds',
  config,
  build: ({ pool, wakeRelay }) => buildApp({
    pool,
    keys: { jwksUrl: config.JWKS_URL },
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    logLevel: config.LOG_LEVEL,
    onOutboxWrite: wakeRelay,
  }),
  background: async ({ app, bus }) => startBackground(app as RefundsApp, bus),
});
