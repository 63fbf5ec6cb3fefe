import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { startBackground } from './background.js';
import { loadNotificationsConfigOrExit } from './config.js';

const config = loadNotificationsConfigOrExit();

await startServiceProcess({
  name: 'notifications',
  config,
  build: (outbox) => buildApp({
    ...outbox,
    auth: authFromConfig(config),
    logLevel: config.LOG_LEVEL,
    webhooks: { sendgridPublicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY, twilioAuthToken: config.TWILIO_AUTH_TOKEN, publicBaseUrl: config.PUBLIC_BASE_URL },
  }),
  background: (ctx, host) => startBackground(ctx, host, config),
});
