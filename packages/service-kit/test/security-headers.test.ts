import t from 'tap';
import { Type } from 'typebox';
import { expectMethodNotAllowed } from '@joo/testing';
import { createService, type App } from '../src/index.js';

async function build(t: { teardown(fn: () => unknown): void }, trustProxy = false): Promise<App> {
  const app = await createService({ name: 'headers-test', logLevel: 'silent', trustProxy });
  app.get('/things', async () => ({ things: [] }));
  app.post('/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({ ok: true }));
  app.put('/things/:id', async () => ({ ok: true }));
  app.delete('/things/:id', async () => ({ ok: true }));
  await app.register(async (scope) => {
    scope.get('/nested/:id/items', async () => ({ items: [] }));
  }, { prefix: '/v1' });
  t.teardown(() => app.close());
  return app;
}

t.test('when any answer is sent, success or problem, then it carries the security headers', async (t) => {
  const app = await build(t);
  for (const [method, url] of [['GET', '/things'], ['GET', '/nowhere'], ['POST', '/things'], ['PATCH', '/things'], ['GET', '/health/live']] as const) {
    const res = await app.inject({ method, url });
    t.equal(res.headers['x-content-type-options'], 'nosniff', `${method} ${url}`);
    t.equal(res.headers['x-frame-options'], 'DENY', `${method} ${url}`);
    t.equal(res.headers['referrer-policy'], 'no-referrer', `${method} ${url}`);
    t.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", `${method} ${url}`);
    t.notOk(res.headers['strict-transport-security'], 'no HSTS over plain http');
    t.notOk(res.headers['x-powered-by']);
  }
});

t.test('when the request came over https through a trusted proxy, then HSTS is sent', async (t) => {
  const app = await build(t, true);
  const res = await app.inject({ method: 'GET', url: '/things', headers: { 'x-forwarded-proto': 'https' } });
  t.match(res.headers['strict-transport-security'], /^max-age=31536000; includeSubDomains$/);
});

t.test('when a known path is called with a method it does not answer, then 405 problem+json with Allow', async (t) => {
  const app = await build(t);
  await expectMethodNotAllowed(t, app, [
    ['PATCH', '/things', 'GET, HEAD, POST'],
    ['DELETE', '/things?x=1', 'GET, HEAD, POST'],
    ['POST', '/things/42', 'DELETE, PUT'],
    ['DELETE', '/v1/nested/7/items', 'GET, HEAD'],
    ['POST', '/health/live', 'GET, HEAD'],
  ]);
  const unknown = await app.inject({ method: 'PATCH', url: '/nowhere' });
  t.equal(unknown.statusCode, 404, 'an unknown path is still 404');
  t.notOk(unknown.headers.allow);
});
