import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadBillingConfig } from '../src/config.js';

const good = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/joo_billing', SANDBOX_SECRET: 'a-sandbox-secret-of-length' };

t.test('when only the database is given, then billing starts with no payment method (orders are refused)', async (t) => {
  t.same(loadBillingConfig({ DATABASE_URL: good.DATABASE_URL }).providers, []);
});

t.test('when the environment is complete, then defaults are filled and the sandbox is the one provider', async (t) => {
  const config = loadBillingConfig({ ...good, PAYMENT_PROVIDERS: 'sandbox' });
  t.equal(config.PORT, 3003);
  t.same(config.providers, ['sandbox']);
  t.equal(config.PUBLIC_BASE_URL, 'http://127.0.0.1:8080');
  t.equal(config.callbackBaseUrl, 'http://127.0.0.1:3003', 'callbacks come to billing itself by default');
  t.equal(loadBillingConfig({ ...good, HOST: '0.0.0.0', PORT: '4003' }).callbackBaseUrl, 'http://127.0.0.1:4003');
  t.equal(loadBillingConfig({ ...good, CALLBACK_BASE_URL: 'https://pay.joo.kz' }).callbackBaseUrl, 'https://pay.joo.kz');
  t.equal(config.CLOUDPAYMENTS_API_URL, 'https://api.cloudpayments.kz');
});

t.test('when providers are listed, then they are offered in that order', async (t) => {
  const config = loadBillingConfig({ ...good, PAYMENT_PROVIDERS: 'cloudpayments,sandbox', CLOUDPAYMENTS_PUBLIC_ID: 'pk_1', CLOUDPAYMENTS_API_SECRET: 'cp-api-secret-0123' });
  t.same(config.providers, ['cloudpayments', 'sandbox']);
});

t.test('when an enabled provider lacks its secret or is unknown, then each problem is named', async (t) => {
  try {
    loadBillingConfig({ DATABASE_URL: good.DATABASE_URL, PAYMENT_PROVIDERS: 'sandbox,cloudpayments,paypal' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    t.match(text, /SANDBOX_SECRET/);
    t.match(text, /CLOUDPAYMENTS_PUBLIC_ID/);
    t.match(text, /CLOUDPAYMENTS_API_SECRET/);
    t.match(text, /paypal/);
  }
});

t.test('when variables are malformed, then every one is named', async (t) => {
  try {
    loadBillingConfig({ ...good, DATABASE_URL: 'mysql://x', PUBLIC_BASE_URL: 'http://gw/', SANDBOX_SECRET: 'short', PORT: 'x' });
    t.fail('should throw');
  } catch (error) {
    const text = (error as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PUBLIC_BASE_URL', 'SANDBOX_SECRET', 'PORT']) t.match(text, new RegExp(name));
  }
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
