import t from 'tap';
import { DEEP_BODIES } from '@joo/testing';
import { gateway } from './helper.js';

const PATHS = [
  '/', '/v1', '/v1/', '/v1/identity', '/v1/identity/', '/v1/catalog/a/b/c?x=%00&y=%E0%A4%A', '/v1/%E0%A4%A',
  '/v1/../etc/passwd', '/v1/identity/%2e%2e/x', '/.well-known/jwks.json?x=1', '/.well-known/other', '/docs/json?x=%00', '/health/x',
];
const AUTHORIZATIONS = [undefined, 'Bearer', 'Bearer ', 'Bearer a.b.c', 'Bearer \u00ff\u00fe', 'Basic dXNlcjpwYXNz', `Bearer ${'x'.repeat(8000)}`];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

t.test('when odd paths, methods and credentials arrive, then the gateway never answers 500 and errors are problems', async (t) => {
  const { app } = await gateway(t, { rateLimits: { ipPerMinute: 100_000, userPerMinute: 100_000 } });
  let calls = 0;
  for (const url of PATHS) {
    for (const method of METHODS) {
      for (const authorization of AUTHORIZATIONS) {
        const res = await app.inject({
          method, url,
          headers: { ...(authorization === undefined ? {} : { authorization }), traceparent: 'garbage', 'content-type': 'application/json' },
          ...(method === 'GET' || method === 'HEAD' ? {} : { payload: '{"a":' }),
        });
        calls += 1;
        if (res.statusCode >= 500) t.fail(`${method} ${url} (${authorization?.slice(0, 20)}) → ${res.statusCode} ${res.body.slice(0, 160)}`);
        // Answers the fake services give are theirs to shape; the gateway's own must be problems.
        const fromUpstream = /^(\/v1\/(identity|catalog)(\/|$)|\/\.well-known\/jwks\.json)/.test(url) && ![401, 413, 429, 502, 503, 504].includes(res.statusCode);
        if (res.statusCode >= 400 && method !== 'HEAD' && !fromUpstream) {
          t.match(res.headers['content-type'], /application\/problem\+json/, `${method} ${url} → ${res.statusCode} is a problem`);
        }
      }
    }
  }
  t.equal(calls, PATHS.length * METHODS.length * AUTHORIZATIONS.length);
});

t.test('when bodies nest thousands of levels deep, then the gateway refuses them itself, never a 500', async (t) => {
  const { app, identity, catalog } = await gateway(t, { rateLimits: { ipPerMinute: 100_000, userPerMinute: 100_000 } });
  for (const url of PATHS) {
    for (const method of ['POST', 'PUT', 'PATCH'] as const) {
      for (const body of DEEP_BODIES) {
        const res = await app.inject({ method, url, headers: { 'content-type': 'application/json' }, payload: body.text });
        if (res.statusCode >= 500) t.fail(`${method} ${url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
        t.match(res.headers['content-type'], /application\/problem\+json/, `${method} ${url} → ${res.statusCode} is a problem`);
      }
    }
  }
  t.equal(identity.requests.length + catalog.requests.length, 0, 'no service was handed one');
});
