import { cloudPaymentsProvider } from './cloudpayments.js';
import { sandboxProvider, type SandboxProvider } from './sandbox.js';
import type { PaymentProvider, ProviderName } from './types.js';

export interface ProviderSettings {
  enabled: ProviderName[];
  publicBaseUrl: string;
  callbackBaseUrl: () => string;
  sandboxSecret?: string;
  cloudPayments?: { publicId: string; apiSecret: string; apiUrl: string };
}

export interface Providers {
  /** Enabled providers, in the order they are offered; the first is the default. */
  list: PaymentProvider[];
  get(name: string): PaymentProvider | undefined;
  sandbox: SandboxProvider | undefined;
}

export function createProviders(settings: ProviderSettings): Providers {
  const list: PaymentProvider[] = [];
  let sandbox: SandboxProvider | undefined;
  for (const name of settings.enabled) {
    if (name === 'sandbox') {
      if (!settings.sandboxSecret) throw new Error('the sandbox provider needs its secret');
      sandbox = sandboxProvider({ secret: settings.sandboxSecret, publicBaseUrl: settings.publicBaseUrl, callbackBaseUrl: settings.callbackBaseUrl });
      list.push(sandbox);
    } else if (name === 'cloudpayments') {
      if (!settings.cloudPayments) throw new Error('the cloudpayments provider needs its credentials');
      list.push(cloudPaymentsProvider(settings.cloudPayments));
    }
  }
  const byName = new Map(list.map((p) => [p.name as string, p]));
  return { list, get: (name) => byName.get(name), sandbox };
}
