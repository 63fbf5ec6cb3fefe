import t from 'tap';
import { mergeOpenApi } from '../src/docs/merge.js';
import { gateway } from './helper.js';

t.test('when /docs/json is asked for, then it merges every service\'s paths and keeps clashing schemas apart', async (t) => {
  const { app } = await gateway(t);
  const res = await app.inject('/docs/json');
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.equal(doc.openapi, '3.1.0');
  t.ok(doc.paths['/v1/identity/echo'], 'identity path');
  t.ok(doc.paths['/v1/catalog/echo'], 'catalog path');
  t.same(doc['x-unavailable'], []);
  // Both fakes define a different `Echo`: each becomes <service>.Echo and its references follow.
  t.notOk(doc.components.schemas.Echo);
  t.same(doc.components.schemas['catalog.Echo'], { type: 'object', properties: { catalog: { type: 'string' } } });
  t.equal(doc.paths['/v1/catalog/echo'].post.requestBody.content['application/json'].schema.$ref, '#/components/schemas/catalog.Echo');
  t.equal(doc.paths['/v1/identity/echo'].post.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/identity.Echo');
  // The same bearer scheme everywhere stays one.
  t.same(Object.keys(doc.components.securitySchemes), ['bearer']);
});

t.test('when a service is down, then the document is still served without it and names it', async (t) => {
  const { app, catalog } = await gateway(t);
  await catalog.close();
  const doc = (await app.inject('/docs/json')).json();
  t.ok(doc.paths['/v1/identity/echo']);
  t.notOk(doc.paths['/v1/catalog/echo']);
  t.match(doc['x-unavailable'], [{ service: 'catalog', reason: 'not reachable' }]);
  t.match(doc.info.description, /catalog/);
});

t.test('when the document was just built, then it is reused for the cache period', async (t) => {
  const { app, catalog } = await gateway(t, { docsCacheMs: 60_000 });
  t.ok((await app.inject('/docs/json')).json().paths['/v1/catalog/echo']);
  await catalog.close();
  t.ok((await app.inject('/docs/json')).json().paths['/v1/catalog/echo'], 'served from the cache');
});

t.test('when /docs is opened, then Swagger UI is served and points at the merged document', async (t) => {
  const { app } = await gateway(t);
  const page = await app.inject('/docs/');
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /swagger/i);
  const redirect = await app.inject('/docs');
  t.ok([200, 302].includes(redirect.statusCode));
  const init = await app.inject('/docs/static/swagger-initializer.js');
  t.match(init.body, /resolveUrl\('\.\/json'\)/);
  const yaml = await app.inject('/docs/yaml');
  t.match(yaml.body, /\/v1\/catalog\/echo/);
});

t.test('when documents are merged, then only routed paths are kept and document-wide security moves onto operations', async (t) => {
  const merged = mergeOpenApi([
    {
      service: 'identity',
      document: {
        paths: {
          '/v1/identity/me': { get: { responses: {} } },
          '/.well-known/jwks.json': { get: { security: [], responses: {} } },
          '/health/ready': { get: { responses: {} } },
        },
        security: [{ bearer: [] }],
        components: { schemas: { Problem: { type: 'object' } } },
        tags: [{ name: 'identity' }],
      },
    },
    {
      service: 'catalog',
      document: {
        paths: { '/v1/catalog/items': { get: { responses: {} } }, '/v1/identity/sneaky': { get: { responses: {} } } },
        components: { schemas: { Problem: { type: 'object' } } },
        tags: [{ name: 'catalog' }, { name: 'identity' }],
      },
    },
  ], [{ service: 'billing', reason: 'answered 503' }], { title: 'joo', version: '1' });
  t.same(Object.keys(merged.paths!).sort(), ['/.well-known/jwks.json', '/v1/catalog/items', '/v1/identity/me']);
  t.same((merged.paths!['/v1/identity/me']!.get as { security: unknown }).security, [{ bearer: [] }]);
  t.same((merged.paths!['/.well-known/jwks.json']!.get as { security: unknown }).security, [], 'an explicit one is kept');
  t.same(Object.keys(merged.components!.schemas!), ['Problem'], 'identical definitions stay one');
  t.same(merged.tags!.map((tag) => tag.name), ['identity', 'catalog']);
  t.same((merged.servers as Array<{ url: string }>).map((s) => s.url), ['https://api.joo.kz', '/'], 'production, then the gateway serving it');
  t.match(merged.info, { license: { name: 'Proprietary' }, contact: { url: 'https://joo.kz' } });
  t.match(merged.info!.description, /billing \(answered 503\)/);
});
