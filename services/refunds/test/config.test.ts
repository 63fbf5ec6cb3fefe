import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadRefundsConfig } from '../src/config.js';

const good = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_refunds' };

t.test('when the environment is complete, then defaults are filled', async (t) => {
  const config = loadRefundsConfig(good);
  t.equal(config.PORT, 3004);
  t.equal(config.JWKS_URL, 'http://127.0.0.1:3001/.well-known/jwks.json');
  t.equal(config.BUS_PREFIX, '');
});

t.test('when variables are missing or malformed, then every one is named', async (t) => {
  try {
    loadRefundsConfig({ PORT: 'eighty', BUS_PREFIX: 'Bad Prefix', NATS_STREAM_REPLICAS: '0' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PORT', 'BUS_PREFIX', 'NATS_STREAM_REPLICAS']) t.match(text, new RegExp(name));
  }
  t.throws(() => loadRefundsConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/);
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
