import { startServiceProcess } from '@joo/service-runtime';
import { buildApp, contextOf } from './app.js';
import { loadNotificationsConfigOrExit } from './config.js';
import { startDeliveryWorker, type DeliveryWorker } from './delivery/worker.js';
import { startConsumers } from './events/consumers.js';
import { createSenders } from './senders.js';
import { expandDueBroadcasts } from './usecases/broadcasts.js';

const config = loadNotificationsConfigOrExit();
const started: { worker?: DeliveryWorker } = {};

await startServiceProcess({
  name: 'notifications',
  config,
  build: ({ pool, wakeRelay }) => buildApp({
    pool,
    jwksUrl: config.JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    logLevel: config.LOG_LEVEL,
    webhooks: { sendgridPublicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY, twilioAuthToken: config.TWILIO_AUTH_TOKEN, publicBaseUrl: config.PUBLIC_BASE_URL },
    onOutboxWrite: wakeRelay,
    onMessagesQueued: () => started.worker?.wake(),
  }),
  background: async ({ app, bus }) => {
    const ctx = contextOf(app);
    const worker = startDeliveryWorker(ctx, createSenders(config), {
      concurrency: config.DELIVERY_CONCURRENCY, maxAttempts: config.DELIVERY_MAX_ATTEMPTS, retryBaseMs: config.DELIVERY_RETRY_BASE_MS,
      retryMaxMs: config.DELIVERY_RETRY_MAX_MS, pollMs: config.DELIVERY_POLL_MS, leaseMs: config.DELIVERY_LEASE_MS,
    }, app.log, { beforeRound: () => expandDueBroadcasts(ctx) });
    started.worker = worker;
    const consumers = await startConsumers(ctx, bus, app.log, app.metrics);
    return [...consumers.map((c) => () => c.stop()), () => worker.stop()];
  },
});
