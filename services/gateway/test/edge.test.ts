import t from 'tap';
import { bearer, gateway } from './helper.js';

t.test('when one address exceeds its limit, then 429 problem+json with Retry-After; other addresses go on', async (t) => {
  const { app } = await gateway(t, { rateLimits: { ipPerMinute: 3, userPerMinute: 100 } });
  const from = (remoteAddress: string) => app.inject({ url: '/v1/catalog/x', remoteAddress });
  for (let i = 0; i < 3; i++) t.equal((await from('198.51.100.1')).statusCode, 200);
  const limited = await from('198.51.100.1');
  t.equal(limited.statusCode, 429);
  t.match(limited.headers['content-type'], /application\/problem\+json/);
  const retryAfter = Number(limited.headers['retry-after']);
  t.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  t.match(limited.json(), { status: 429, code: 'rate-limited', retryAfter });
  t.equal((await from('198.51.100.2')).statusCode, 200);
});

t.test('when one user exceeds the per-user limit, then 429 from any address; other users go on', async (t) => {
  const { app, issuer, catalog } = await gateway(t, { rateLimits: { ipPerMinute: 100, userPerMinute: 2 } });
  const alice = issuer.sign({ sub: 'alice', sid: 'a-1' });
  const aliceOtherDevice = issuer.sign({ sub: 'alice', sid: 'a-2' });
  const bob = issuer.sign({ sub: 'bob', sid: 'b-1' });
  const call = (token: string, remoteAddress: string) => app.inject({ url: '/v1/catalog/x', remoteAddress, headers: bearer(token) });
  t.equal((await call(alice, '203.0.113.1')).statusCode, 200);
  t.equal((await call(alice, '203.0.113.2')).statusCode, 200);
  const limited = await call(aliceOtherDevice, '203.0.113.3');
  t.equal(limited.statusCode, 429, 'counted per user, across addresses and devices');
  t.ok(Number(limited.headers['retry-after']) >= 1);
  t.match(limited.json(), { code: 'rate-limited', detail: /account/ });
  t.equal((await call(bob, '203.0.113.1')).statusCode, 200);
  t.equal(catalog.requests.length, 3);
});

t.test('when an address is limited, then health routes still answer', async (t) => {
  const { app } = await gateway(t, { rateLimits: { ipPerMinute: 1, userPerMinute: 1 } });
  await app.inject({ url: '/v1/catalog/x' });
  t.equal((await app.inject({ url: '/v1/catalog/x' })).statusCode, 429);
  t.equal((await app.inject({ url: '/health/live' })).statusCode, 200);
  t.equal((await app.inject({ url: '/health/ready' })).statusCode, 200);
});

t.test('when a browser on an allowed origin sends a preflight, then the methods and headers we use are allowed', async (t) => {
  const { app, catalog } = await gateway(t);
  const res = await app.inject({
    method: 'OPTIONS', url: '/v1/catalog/orders',
    headers: {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,idempotency-key',
    },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.headers['access-control-allow-origin'], 'http://localhost:5173');
  t.match(res.headers['access-control-allow-methods'], /POST/);
  const allowed = String(res.headers['access-control-allow-headers']).toLowerCase();
  for (const h of ['authorization', 'content-type', 'idempotency-key']) t.match(allowed, h);
  t.equal(catalog.requests.length, 0, 'a preflight is answered by the gateway');
});

t.test('when a browser on another origin asks, then no CORS grant is given', async (t) => {
  const { app } = await gateway(t);
  const res = await app.inject({
    method: 'OPTIONS', url: '/v1/catalog/orders',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  t.notOk(res.headers['access-control-allow-origin']);
  const lookalike = await app.inject({ url: '/v1/catalog/x', headers: { origin: 'http://localhost.evil.example:80' } });
  t.notOk(lookalike.headers['access-control-allow-origin']);
});

t.test('when a cross-origin request gets an answer or a refusal, then the browser may read it and its headers', async (t) => {
  const { app } = await gateway(t);
  const origin = 'http://127.0.0.1:3000';
  const ok = await app.inject({ url: '/v1/catalog/x', headers: { origin } });
  t.equal(ok.headers['access-control-allow-origin'], origin);
  t.match(String(ok.headers['access-control-expose-headers']).toLowerCase(), /x-request-id/);
  t.match(String(ok.headers['access-control-expose-headers']).toLowerCase(), /retry-after/);
  const refused = await app.inject({ url: '/v1/catalog/x', headers: { origin, ...bearer('garbage') } });
  t.equal(refused.statusCode, 401);
  t.equal(refused.headers['access-control-allow-origin'], origin);
});
