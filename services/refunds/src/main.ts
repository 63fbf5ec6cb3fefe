import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { startBackground } from './background.js';
import { loadRefundsConfigOrExit } from './config.js';

const config = loadRefundsConfigOrExit();

await startServiceProcess({
  name: 'refunds',
  config,
  build: (outbox) => buildApp({ ...outbox, auth: authFromConfig(config), logLevel: config.LOG_LEVEL }),
  background: startBackground,
});
