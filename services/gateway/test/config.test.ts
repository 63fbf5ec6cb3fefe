import t from 'tap';
import { ConfigError } from '@joo/service-kit';
import { envExampleKeys } from '@joo/testing';
import { ConfigSchema, loadGatewayConfig, parseUpstreams } from '../src/config.js';
import { originMatcher } from '../src/edge.js';

t.test('when nothing is set, then the dev defaults apply', async (t) => {
  const config = loadGatewayConfig({});
  t.equal(config.port, 8080);
  t.equal(config.metricsPort, 9080, 'metrics on PORT + 1000');
  t.equal(loadGatewayConfig({ PORT: '8090', METRICS_PORT: '9100' }).metricsPort, 9100);
  t.equal(loadGatewayConfig({ PORT: '8090' }).metricsPort, 9090);
  t.same(config.upstreams, [{ name: 'identity', url: 'http://127.0.0.1:3001' }]);
  t.same(config.rateLimits, { ipPerMinute: 600, userPerMinute: 300 });
  t.equal(config.jwksUrl, 'http://127.0.0.1:3001/.well-known/jwks.json');
  t.equal(config.revocationLookbackMs, 15 * 60_000);
  t.equal(config.trustProxy, false);
});

t.test('when UPSTREAMS lists services, then each is parsed to its origin', async (t) => {
  t.same(parseUpstreams(' identity=http://127.0.0.1:3001 , catalog=https://catalog.internal:8443/ ,'), [
    { name: 'identity', url: 'http://127.0.0.1:3001' },
    { name: 'catalog', url: 'https://catalog.internal:8443' },
  ]);
});

t.test('when UPSTREAMS is wrong, then every problem is reported naming the variable', async (t) => {
  const error = t.throws(() => loadGatewayConfig({
    UPSTREAMS: 'Identity=http://a:1,catalog=ftp://x,billing=not a url,leads=http://h:1/base,catalog2=http://h:2,refunds',
    CORS_ORIGINS: 'http://ok:1,javascript:alert(1)',
  })) as ConfigError;
  t.ok(error instanceof ConfigError);
  t.equal(error.problems.length, 7);
  t.ok(error.problems.every((p) => /^(UPSTREAMS|CORS_ORIGINS): /.test(p)), error.problems.join('\n'));
  t.throws(() => parseUpstreams('identity=http://a:1,identity=http://b:2'), /listed twice/);
  t.throws(() => parseUpstreams(' , '), /at least one/);
});

t.test('when a number is not one, then the variable is named', async (t) => {
  t.throws(() => loadGatewayConfig({ RATE_LIMIT_IP_PER_MINUTE: 'lots' }), /RATE_LIMIT_IP_PER_MINUTE/);
  t.throws(() => loadGatewayConfig({ PORT: '99999' }), /PORT/);
});

t.test('when CORS origins use a port wildcard, then any port of that host matches and nothing else', async (t) => {
  const allowed = originMatcher(['http://localhost:*', 'https://joo.kz']);
  t.ok(allowed('http://localhost:5173'));
  t.ok(allowed('http://localhost'));
  t.ok(allowed('https://joo.kz'));
  t.notOk(allowed('https://joo.kz:8443'));
  t.notOk(allowed('http://localhost.evil.kz'));
  t.notOk(allowed('http://localhost:5173.evil.kz'));
  t.notOk(allowed('https://localhost:5173'));
  t.ok(originMatcher(['*'])('https://anything.example'));
});

t.test('when .env.example is read, then it lists exactly the variables the config schema reads', async (t) => {
  const keys = envExampleKeys(new URL('../.env.example', import.meta.url));
  t.same([...keys].sort(), Object.keys(ConfigSchema.properties).sort());
});
