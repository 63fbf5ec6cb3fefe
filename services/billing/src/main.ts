import { startServiceProcess } from '@joo/service-runtime';
import { buildApp, type BillingApp } from './app.js';
import { startBackground } from './background.js';
import { loadBillingConfigOrExit } from './config.js';

const config = loadBillingConfigOrExit();

await startServiceProcess({
  name: 'billing',
  config,
  build: ({ pool, wakeRelay }) => buildApp({
    pool,
    keys: { jwksUrl: config.JWKS_URL },
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    onOutboxWrite: wakeRelay,
    providers: {
      enabled: config.providers,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      callbackBaseUrl: () => config.callbackBaseUrl,
      ...(config.SANDBOX_SECRET ? { sandboxSecret: config.SANDBOX_SECRET } : {}),
      ...(config.CLOUDPAYMENTS_PUBLIC_ID && config.CLOUDPAYMENTS_API_SECRET ? {
        cloudPayments: { publicId: config.CLOUDPAYMENTS_PUBLIC_ID, apiSecret: config.CLOUDPAYMENTS_API_SECRET, apiUrl: config.CLOUDPAYMENTS_API_URL },
      } : {}),
    },
  }),
  background: async ({ app, bus }) => {
    if (config.providers.length === 0) app.log.warn('PAYMENT_PROVIDERS is empty: no payment method is enabled, orders are refused');
    return (await startBackground(app as BillingApp, bus, { payoutIntervalMs: config.PAYOUT_POLL_INTERVAL_MS })).stops;
  },
});
