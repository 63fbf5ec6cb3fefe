import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, ConfigError, configOrExit, loadConfig } from '@joo/service-kit';

export const REAL_SENDGRID_URL = 'https://api.sendgrid.com';
export const REAL_TWILIO_URL = 'https://api.twilio.com';

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3005 }),
  ...DatabaseConfigProperties,
  /** How providers reach this service from outside: status callbacks are addressed there. */
  PUBLIC_BASE_URL: Type.String({ pattern: '^https?://[^/]+', default: 'http://127.0.0.1:3005' }),
  SENDGRID_BASE_URL: Type.String({ pattern: '^https?://[^/]+$', default: REAL_SENDGRID_URL }),
  SENDGRID_API_KEY: Type.Optional(Type.String({ minLength: 1 })),
  SENDGRID_WEBHOOK_PUBLIC_KEY: Type.Optional(Type.String({ minLength: 1, description: 'base64 DER (as SendGrid shows it) or PEM' })),
  SENDGRID_FROM_EMAIL: Type.String({ default: 'no-reply@joo.kz' }),
  SENDGRID_FROM_NAME: Type.String({ default: 'joo.kz' }),
  TWILIO_BASE_URL: Type.String({ pattern: '^https?://[^/]+$', default: REAL_TWILIO_URL }),
  TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$' })),
  TWILIO_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  TWILIO_FROM_NUMBER: Type.Optional(Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' })),
  PROVIDER_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  DELIVERY_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 500, default: 32 }),
  DELIVERY_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 50, default: 8 }),
  DELIVERY_RETRY_BASE_MS: Type.Integer({ minimum: 10, default: 30_000 }),
  DELIVERY_RETRY_MAX_MS: Type.Integer({ minimum: 10, default: 3_600_000 }),
  DELIVERY_POLL_MS: Type.Integer({ minimum: 10, default: 1000 }),
  /** A claimed message whose sender has not reported back by then is taken as in doubt. */
  DELIVERY_LEASE_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
});

export type Config = Static<typeof ConfigSchema>;

/** The credentials a local fake accepts; real providers get none of these. */
export const FAKE_CREDENTIALS = {
  SENDGRID_API_KEY: 'SG.local-fake-key',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'local-fake-token',
  TWILIO_FROM_NUMBER: '+77000000000',
} as const;

export type ProviderConfig = Config & Required<Pick<Config, keyof typeof FAKE_CREDENTIALS>>;

/**
 * Reads the environment. Pointed at the real SendGrid or Twilio, the service refuses to start
 * without their credentials (and SendGrid's webhook key); pointed elsewhere (the local fakes),
 * missing credentials get placeholder values the fakes accept.
 */
export function loadNotificationsConfig(env: Record<string, string | undefined> = process.env): ProviderConfig {
  const raw = loadConfig(ConfigSchema, env);
  const problems: string[] = [];
  const need = (name: keyof Config, provider: string) => {
    if (!raw[name]) problems.push(`${name}: required when ${provider} is the real one`);
  };
  if (raw.SENDGRID_BASE_URL === REAL_SENDGRID_URL) {
    need('SENDGRID_API_KEY', 'SENDGRID_BASE_URL');
    need('SENDGRID_WEBHOOK_PUBLIC_KEY', 'SENDGRID_BASE_URL');
  }
  if (raw.TWILIO_BASE_URL === REAL_TWILIO_URL) {
    need('TWILIO_ACCOUNT_SID', 'TWILIO_BASE_URL');
    need('TWILIO_AUTH_TOKEN', 'TWILIO_BASE_URL');
    need('TWILIO_FROM_NUMBER', 'TWILIO_BASE_URL');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...raw,
    SENDGRID_API_KEY: raw.SENDGRID_API_KEY ?? FAKE_CREDENTIALS.SENDGRID_API_KEY,
    TWILIO_ACCOUNT_SID: raw.TWILIO_ACCOUNT_SID ?? FAKE_CREDENTIALS.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: raw.TWILIO_AUTH_TOKEN ?? FAKE_CREDENTIALS.TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: raw.TWILIO_FROM_NUMBER ?? FAKE_CREDENTIALS.TWILIO_FROM_NUMBER,
  };
}

export function loadNotificationsConfigOrExit(): ProviderConfig {
  return configOrExit('notifications', () => loadNotificationsConfig());
}
