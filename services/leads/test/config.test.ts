import { randomBytes } from 'node:crypto';
import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadLeadsConfig } from '../src/config.js';

const good = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_leads', PARTNER_SECRETS_KEY: randomBytes(32).toString('base64') };

t.test('when the environment is complete, then defaults are filled and private webhooks are off', async (t) => {
  const config = loadLeadsConfig(good);
  t.equal(config.PORT, 3007);
  t.equal(config.ALLOW_PRIVATE_WEBHOOKS, false);
  t.equal(config.WEBHOOK_TIMEOUT_MS, 10_000);
  t.equal(config.SECRET_OVERLAP_HOURS, 24);
  t.equal(loadLeadsConfig({ ...good, ALLOW_PRIVATE_WEBHOOKS: 'true' }).ALLOW_PRIVATE_WEBHOOKS, true);
});

t.test('when variables are missing or malformed, then every one is named', async (t) => {
  try {
    loadLeadsConfig({ DATABASE_URL: 'mysql://x', PARTNER_SECRETS_KEY: 'short', WEBHOOK_TIMEOUT_MS: '1.5', ALLOW_PRIVATE_WEBHOOKS: 'perhaps' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PARTNER_SECRETS_KEY', 'WEBHOOK_TIMEOUT_MS', 'ALLOW_PRIVATE_WEBHOOKS']) t.match(text, name);
  }
  t.throws(() => loadLeadsConfig({ DATABASE_URL: good.DATABASE_URL }), /PARTNER_SECRETS_KEY/);
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
