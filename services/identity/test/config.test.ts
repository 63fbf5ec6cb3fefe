import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadIdentityConfig } from '../src/config.js';

const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const good = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_identity',
  JWT_PRIVATE_KEY: pem,
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PII_HMAC_KEY: randomBytes(32).toString('base64'),
};

t.test('when the environment is complete, then defaults are filled', async (t) => {
  const config = loadIdentityConfig(good);
  t.equal(config.PORT, 3001);
  t.equal(config.ERASURE_SWEEP_INTERVAL_MS, 3_600_000);
  t.match(config.signingKey, { kid: /^[A-Za-z0-9_-]{43}$/, jwk: { kty: 'OKP', crv: 'Ed25519' } });
});

t.test('when variables are missing or malformed, then every one is named', async (t) => {
  try {
    loadIdentityConfig({ ...good, DATABASE_URL: undefined, PII_HMAC_KEY: 'short', PORT: 'eighty' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    t.match(text, /DATABASE_URL/);
    t.match(text, /PII_HMAC_KEY/);
    t.match(text, /PORT/);
  }
});

t.test('when the key is given as a file, then it is read; when neither is given, then the error says so', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-config-'));
  const file = join(dir, 'jwt.pem');
  writeFileSync(file, pem);
  t.equal(loadIdentityConfig({ ...good, JWT_PRIVATE_KEY: undefined, JWT_PRIVATE_KEY_FILE: file }).signingKey.kid, loadIdentityConfig(good).signingKey.kid);
  t.throws(() => loadIdentityConfig({ ...good, JWT_PRIVATE_KEY: undefined }), /JWT_PRIVATE_KEY/);
  t.throws(() => loadIdentityConfig({ ...good, JWT_PRIVATE_KEY: undefined, JWT_PRIVATE_KEY_FILE: join(dir, 'missing.pem') }), /JWT_PRIVATE_KEY_FILE/);
  t.throws(() => loadIdentityConfig({ ...good, JWT_PRIVATE_KEY: 'not a key' }), /JWT_PRIVATE_KEY/);
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
