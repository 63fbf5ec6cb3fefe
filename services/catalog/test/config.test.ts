import { randomBytes } from 'node:crypto';
import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadCatalogConfig } from '../src/config.js';

const good = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_catalog', PLAYBACK_SIGNING_KEY: randomBytes(32).toString('base64') };

t.test('when the environment is complete, then defaults are filled', async (t) => {
  const config = loadCatalogConfig(good);
  t.equal(config.PORT, 3002);
  t.equal(config.PLAYBACK_URL_TTL_SECONDS, 300);
  t.equal(config.PUBLIC_BASE_URL, 'http://127.0.0.1:8080');
  t.equal(config.JWKS_URL, 'http://127.0.0.1:3001/.well-known/jwks.json');
});

t.test('when variables are missing or malformed, then every one is named', async (t) => {
  try {
    loadCatalogConfig({ DATABASE_URL: 'mysql://x', PLAYBACK_SIGNING_KEY: randomBytes(16).toString('base64'), PLAYBACK_URL_TTL_SECONDS: '5', PORT: 'x' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PLAYBACK_SIGNING_KEY', 'PLAYBACK_URL_TTL_SECONDS', 'PORT']) t.match(text, new RegExp(name));
  }
  t.throws(() => loadCatalogConfig({ DATABASE_URL: good.DATABASE_URL }), /PLAYBACK_SIGNING_KEY/, 'the signing key has no default');
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
