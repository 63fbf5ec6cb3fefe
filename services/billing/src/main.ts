import { authFromConfig } from '@joo/service-kit';
import { startServiceProcess } from '@joo/service-runtime';
import { buildApp } from './app.js';
import { startBackground } from './background.js';
import { bankTransfersFromConfig, loadBillingConfigOrExit } from './config.js';

const config = loadBillingConfigOrExit();

await startServiceProcess({
  name: 'billing',
  config,
  build: (outbox) => buildApp({
    ...outbox,
    auth: authFromConfig(config),
    logLevel: config.LOG_LEVEL,
    trustProxy: config.TRUST_PROXY,
    bankTransfers: bankTransfersFromConfig(config),
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
  background: async (ctx, host) => {
    if (config.providers.length === 0) host.app.log.warn('PAYMENT_PROVIDERS is empty: no payment method is enabled, orders are refused');
    return (await startBackground(ctx, host, { payoutIntervalMs: config.PAYOUT_POLL_INTERVAL_MS })).stops;
  },
});
