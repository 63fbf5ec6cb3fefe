import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { BaseConfigProperties, DatabaseConfigProperties, ConfigError, configOrExit, loadConfig } from '@joo/service-kit';
import { loadSigningKey, type SigningKey } from './tokens/keys.js';

const Base64Key = (description: string) =>
  Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: `${description}: base64 of 32 random bytes` });

export const ConfigSchema = Type.Object({
  ...BaseConfigProperties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
  ...DatabaseConfigProperties,
  JWT_PRIVATE_KEY: Type.Optional(Type.String({ description: 'Ed25519 private key, PKCS#8 PEM' })),
  JWT_PRIVATE_KEY_FILE: Type.Optional(Type.String({ description: 'file holding JWT_PRIVATE_KEY' })),
  PII_ENCRYPTION_KEY: Base64Key('AES-256-GCM key for personal fields'),
  PII_HMAC_KEY: Base64Key('HMAC-SHA256 key for blind indexes'),
  ADMIN_EMAIL: Type.String({ default: 'admin@joo.local' }),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8 })),
  ERASURE_SWEEP_INTERVAL_MS: Type.Integer({ minimum: 1000, default: 3_600_000 }),
  /** Addresses whose X-Forwarded-For is believed (the gateway): proxy-addr syntax. */
  TRUST_PROXY: Type.String({ default: 'loopback' }),
});

export type RawConfig = Static<typeof ConfigSchema>;
export type Config = RawConfig & { signingKey: SigningKey };

/** Reads and checks the environment; the signing key comes from the variable or the file named. */
export function loadIdentityConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = loadConfig(ConfigSchema, env);
  let pem = raw.JWT_PRIVATE_KEY;
  if (!pem && raw.JWT_PRIVATE_KEY_FILE) {
    try {
      pem = readFileSync(raw.JWT_PRIVATE_KEY_FILE, 'utf8');
    } catch (error) {
      throw new ConfigError([`JWT_PRIVATE_KEY_FILE: cannot read ${raw.JWT_PRIVATE_KEY_FILE} (${(error as Error).message})`]);
    }
  }
  if (!pem) throw new ConfigError(['JWT_PRIVATE_KEY: set it or JWT_PRIVATE_KEY_FILE']);
  try {
    // A key put in one line of an .env file has its newlines written as \n.
    return { ...raw, signingKey: loadSigningKey(pem.replace(/\\n/g, '\n')) };
  } catch (error) {
    throw new ConfigError([`JWT_PRIVATE_KEY: not an Ed25519 PKCS#8 PEM key (${(error as Error).message})`]);
  }
}

/** For the entry points: load the config or print why not and exit 1. */
export function loadIdentityConfigOrExit(): Config {
  return configOrExit('identity', () => loadIdentityConfig());
}
