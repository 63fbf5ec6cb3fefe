import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, configOrExit, loadConfig } from '@joo/service-kit';

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3007 }),
  ...DatabaseConfigProperties,
  /** AES-256-GCM key that keeps partners' webhook secrets encrypted at rest. */
  PARTNER_SECRETS_KEY: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'base64 of 32 random bytes' }),
  /** Development and tests only: webhooks may be http:// and reach loopback or private addresses. */
  ALLOW_PRIVATE_WEBHOOKS: Type.Boolean({ default: false }),
  WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  /** After a rotation the old webhook secret still signs (and the old API key still works) this long. */
  SECRET_OVERLAP_HOURS: Type.Integer({ minimum: 0, maximum: 24 * 30, default: 24 }),
  DELIVERY_POLL_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1_000 }),
  DELIVERY_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 8 }),
  /** Whose X-Forwarded-For to believe (the gateway): proxy-addr syntax. */
  TRUST_PROXY: Type.String({ default: 'loopback' }),
});

export type Config = Static<typeof ConfigSchema>;

export function loadLeadsConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig(ConfigSchema, env);
}

export function loadLeadsConfigOrExit(): Config {
  return configOrExit('leads', () => loadLeadsConfig());
}
