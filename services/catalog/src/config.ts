import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, configOrExit, loadConfig } from '@joo/service-kit';

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  ...DatabaseConfigProperties,
  PLAYBACK_SIGNING_KEY: Type.String({
    pattern: '^[A-Za-z0-9+/]{43}=$',
    description: 'HMAC-SHA256 key that signs playback URLs: base64 of 32 random bytes',
  }),
  PLAYBACK_URL_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 3600, default: 300 }),
  /** Where clients reach the platform (the gateway): playback URLs are built on it. */
  PUBLIC_BASE_URL: Type.String({ format: 'uri', pattern: '^https?://', default: 'http://127.0.0.1:8080' }),
  /** Addresses whose X-Forwarded-For is believed (the gateway): proxy-addr syntax. */
  TRUST_PROXY: Type.String({ default: 'loopback' }),
});

export type Config = Static<typeof ConfigSchema>;

export function loadCatalogConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig(ConfigSchema, env);
}

/** For the entry points: load the config or print why not and exit 1. */
export function loadCatalogConfigOrExit(): Config {
  return configOrExit('catalog', () => loadCatalogConfig());
}
