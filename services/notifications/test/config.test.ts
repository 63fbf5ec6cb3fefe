import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, FAKE_CREDENTIALS, loadNotificationsConfig } from '../src/config.js';

const fakes = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_notifications',
  SENDGRID_BASE_URL: 'http://127.0.0.1:4010',
  TWILIO_BASE_URL: 'http://127.0.0.1:4011',
};
const real = {
  DATABASE_URL: fakes.DATABASE_URL,
  SENDGRID_API_KEY: 'SG.real', SENDGRID_WEBHOOK_PUBLIC_KEY: 'MFkw...',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_FROM_NUMBER: '+77010000000',
};

t.test('when pointed at the local fakes, then no credentials are needed and placeholders fill them', async (t) => {
  const c = loadNotificationsConfig(fakes);
  t.equal(c.PORT, 3005);
  t.equal(c.SENDGRID_API_KEY, FAKE_CREDENTIALS.SENDGRID_API_KEY);
  t.equal(c.TWILIO_ACCOUNT_SID, FAKE_CREDENTIALS.TWILIO_ACCOUNT_SID);
  t.equal(c.DELIVERY_MAX_ATTEMPTS, 8);
});

t.test('when the real providers are configured (the default), then the service refuses to start without credentials, naming each', async (t) => {
  try {
    loadNotificationsConfig({ DATABASE_URL: fakes.DATABASE_URL });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['SENDGRID_API_KEY', 'SENDGRID_WEBHOOK_PUBLIC_KEY', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER']) t.match(text, name);
  }
  const c = loadNotificationsConfig(real);
  t.equal(c.SENDGRID_BASE_URL, 'https://api.sendgrid.com');
  t.equal(c.TWILIO_AUTH_TOKEN, 'token');
  t.throws(() => loadNotificationsConfig({ ...fakes, TWILIO_BASE_URL: 'https://api.twilio.com' }), /TWILIO_AUTH_TOKEN/, 'one real provider is enough to need its keys');
});

t.test('when variables are malformed, then every one is named', async (t) => {
  try {
    loadNotificationsConfig({ ...fakes, DATABASE_URL: 'mysql://x', TWILIO_ACCOUNT_SID: 'XY1', TWILIO_FROM_NUMBER: '87010000000', PROVIDER_TIMEOUT_MS: 'soon', SENDGRID_BASE_URL: 'api.sendgrid.com' });
    t.fail('should throw');
  } catch (error) {
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_FROM_NUMBER', 'PROVIDER_TIMEOUT_MS', 'SENDGRID_BASE_URL']) t.match(text, name);
  }
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
