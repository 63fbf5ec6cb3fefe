import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, ConfigError, configOrExit, loadConfig } from '@joo/service-kit';
import { DEFAULT_BANK_TRANSFERS as BANK, type BankTransferSettings } from './bank-transfers.js';
import { PROVIDER_NAMES, type ProviderName } from './providers/types.js';

const Url = (description: string, fallback?: string) =>
  Type.String({ pattern: '^https?://[^\\s]+[^/\\s]$', description: `${description} (no trailing slash)`, ...(fallback ? { default: fallback } : {}) });
const Secret = (description: string) => Type.Optional(Type.String({ minLength: 16, description }));

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  ...DatabaseConfigProperties,
  // Empty: billing runs but refuses orders (503), so a platform started without payment secrets still comes up.
  PAYMENT_PROVIDERS: Type.String({ default: '', pattern: '^([a-z]+(,[a-z]+)*)?$', description: 'enabled payment methods, in the order offered' }),
  PUBLIC_BASE_URL: Url('the gateway as clients reach it: payment pages are linked through it', 'http://127.0.0.1:8080'),
  CALLBACK_BASE_URL: Type.Optional(Url('billing itself as providers reach it: callbacks go there; default http://HOST:PORT')),
  SANDBOX_SECRET: Secret('HMAC-SHA256 key of the sandbox provider callbacks'),
  CLOUDPAYMENTS_PUBLIC_ID: Type.Optional(Type.String({ minLength: 1 })),
  CLOUDPAYMENTS_API_SECRET: Secret('CloudPayments API secret: Basic auth password and the notification HMAC key'),
  CLOUDPAYMENTS_API_URL: Url('CloudPayments API', 'https://api.cloudpayments.kz'),
  PAYOUT_POLL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 5000 }),
  TRUST_PROXY: Type.String({ default: 'loopback' }),
  // Refund transfers (offer 14.7): the company's account they are paid from (offer §16) and the codes
  // Kazakhstan's banks require (docs/payments.md).
  PAYOUT_ACCOUNT_NAME: Type.String({ minLength: 2, maxLength: 70, default: BANK.debtor.name }),
  PAYOUT_ACCOUNT_BIN: Type.String({ pattern: '^\\d{12}$', default: BANK.debtor.bin, description: 'БИН' }),
  PAYOUT_ACCOUNT_IBAN: Type.String({ pattern: '^KZ\\d{2}[0-9A-Z]{16}$', default: BANK.debtor.iban, description: 'ИИК' }),
  PAYOUT_ACCOUNT_BIC: Type.String({ pattern: '^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$', default: BANK.debtor.bic }),
  PAYOUT_SENDER_CODE: Type.String({ pattern: '^[12]\\d$', default: BANK.debtor.senderCode, description: 'КОд: residency + economic sector of the company' }),
  PAYOUT_BENEFICIARY_CODE: Type.String({ pattern: '^[12]\\d$', default: BANK.beneficiaryCode, description: 'КБе: residency + economic sector of the student' }),
  PAYOUT_PURPOSE_CODE: Type.String({ pattern: '^\\d{3}$', default: BANK.purposeCode, description: 'КНП: payment purpose code' }),
  BANK_STATEMENT_MAX_BYTES: Type.Integer({ minimum: 1024, maximum: 50 * 1024 * 1024, default: BANK.statementMaxBytes }),
});

export type RawConfig = Static<typeof ConfigSchema>;
export type Config = RawConfig & { providers: ProviderName[]; callbackBaseUrl: string };

/** Reads the environment; every enabled provider must have its credentials. */
export function loadBillingConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = loadConfig(ConfigSchema, env);
  const names = [...new Set(raw.PAYMENT_PROVIDERS.split(',').filter(Boolean))];
  const problems: string[] = [];
  for (const name of names) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(name)) problems.push(`PAYMENT_PROVIDERS: unknown provider "${name}" (known: ${PROVIDER_NAMES.join(', ')})`);
  }
  if (names.includes('sandbox') && !raw.SANDBOX_SECRET) problems.push('SANDBOX_SECRET: required when the sandbox provider is enabled');
  if (names.includes('cloudpayments')) {
    if (!raw.CLOUDPAYMENTS_PUBLIC_ID) problems.push('CLOUDPAYMENTS_PUBLIC_ID: required when cloudpayments is enabled');
    if (!raw.CLOUDPAYMENTS_API_SECRET) problems.push('CLOUDPAYMENTS_API_SECRET: required when cloudpayments is enabled');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const host = raw.HOST === '0.0.0.0' || raw.HOST === '::' ? '127.0.0.1' : raw.HOST.includes(':') ? `[${raw.HOST}]` : raw.HOST;
  return { ...raw, providers: names as ProviderName[], callbackBaseUrl: raw.CALLBACK_BASE_URL ?? `http://${host}:${raw.PORT}` };
}

export function bankTransfersFromConfig(c: RawConfig): BankTransferSettings {
  return {
    debtor: { name: c.PAYOUT_ACCOUNT_NAME, bin: c.PAYOUT_ACCOUNT_BIN, iban: c.PAYOUT_ACCOUNT_IBAN, bic: c.PAYOUT_ACCOUNT_BIC, senderCode: c.PAYOUT_SENDER_CODE },
    purposeCode: c.PAYOUT_PURPOSE_CODE, beneficiaryCode: c.PAYOUT_BENEFICIARY_CODE, statementMaxBytes: c.BANK_STATEMENT_MAX_BYTES,
  };
}

export function loadBillingConfigOrExit(): Config {
  return configOrExit('billing', () => loadBillingConfig());
}
