import t from 'tap';
import { createService } from '@joo/service-kit';
import { DEEP_BODIES, expectMethodNotAllowed, rawAnswers, rawExchange } from '@joo/testing';
import { gateway, listen } from './helper.js';

const portOf = (base: string) => Number(new URL(base).port);
const problem = (body: string) => JSON.parse(body) as Record<string, unknown>;

t.test('when a body nests too deeply, then the gateway refuses it with 400 and no service sees it', async (t) => {
  const { app, catalog } = await gateway(t);
  for (const body of DEEP_BODIES) {
    const res = await app.inject({ method: 'POST', url: '/v1/catalog/things', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: body.text });
    t.equal(res.statusCode, 400, body.text.slice(0, 30));
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { code: 'nesting-too-deep' });
  }
  const fine = await app.inject({ method: 'POST', url: '/v1/catalog/things', headers: { 'content-type': 'application/json' }, payload: '{"a":[[{"b":"[[[[[["}]]}' });
  t.equal(fine.statusCode, 200);
  t.same(fine.json().body, { a: [[{ b: '[[[[[[' }]] }, 'a body within the limit passes as it came');
  t.equal(catalog.requests.length, 1);
});

t.test('when Node refuses a request before routing, then the gateway answers problem+json too', async (t) => {
  const { app } = await gateway(t);
  const port = portOf(await listen(app));
  const [long] = rawAnswers(await rawExchange(port, `GET /v1/catalog/things?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
  t.equal(long!.status, 431);
  t.match(long!.headers['content-type'], /^application\/problem\+json/);
  t.match(problem(long!.body), { status: 431, code: 'headers-too-large' });

  const short = rawAnswers(await rawExchange(port, 'GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}GARBAGE / HTTP/1.1\r\n\r\n'));
  // The first answer may be overtaken by the refusal of the stray bytes, which closes the connection.
  const refusal = short.at(-1)!;
  t.equal(refusal.status, 400);
  t.match(refusal.headers['content-type'], /^application\/problem\+json/);
  t.match(problem(refusal.body), { status: 400, code: 'malformed-request' });
});

t.test('when the gateway answers, then it carries the security headers; /docs keeps a CSP that lets Swagger UI run', async (t) => {
  const { app } = await gateway(t);
  for (const url of ['/health/live', '/v1/catalog/things', '/nowhere']) {
    const res = await app.inject(url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
    t.equal(res.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", url);
    t.equal(res.headers['x-frame-options'], 'DENY', url);
  }
  const page = await app.inject('/docs/');
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-security-policy'], /script-src 'self'/);
  t.equal(page.headers['x-content-type-options'], 'nosniff');
});

t.test('when a known path is called with a wrong method through the gateway, then 405 with Allow, from the gateway or the service', async (t) => {
  const upstream = await createService({ name: 'catalog', logLevel: 'silent' });
  upstream.get('/v1/catalog/things', { schema: { operationId: 'catalogListThings', security: [] } }, async () => ({ things: [] }));
  upstream.post('/v1/catalog/things/:id/reviews', { schema: { operationId: 'catalogAddReview', security: [] } }, async () => ({ ok: true }));
  t.teardown(() => upstream.close());
  const { app } = await gateway(t, { upstreams: [{ name: 'catalog', url: await listen(upstream) }] });

  await expectMethodNotAllowed(t, app, [
    ['DELETE', '/v1/catalog/things', 'GET, HEAD'],
    ['GET', '/v1/catalog/things/7/reviews', 'POST'],
    ['POST', '/health/live', 'GET, HEAD'],
  ]);
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/catalog/nothing' })).statusCode, 404);
});
