import t from 'tap';
import { testDatabase, testIssuer, TEST_AUDIENCE, TEST_ISSUER } from '@joo/testing';
import { createServiceApp } from '../src/index.js';

t.test('when a service builds its app from its deps, then readiness asks its database and tokens are verified', async (t) => {
  const db = await testDatabase(t, { label: 'service_app' });
  const issuer = await testIssuer(t);
  const app = await createServiceApp({
    pool: db.pool, logLevel: 'silent', auth: { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, keys: { jwksUrl: issuer.jwksUrl } },
  }, { name: 'shop', description: 'a shop' });
  app.get('/v1/shop/me', { preHandler: app.authenticate, schema: { operationId: 'shopGetMe', security: [{ bearer: [] }] } }, async (request) => ({ sub: request.user.sub }));
  t.teardown(() => app.close());

  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 200);
  t.same(ready.json().checks, { postgres: 'ok' });
  t.equal((await app.inject('/v1/shop/me')).statusCode, 401);
  const me = await app.inject({ url: '/v1/shop/me', headers: { authorization: `Bearer ${issuer.sign({ sub: 'u1', sid: 's1', roles: [] })}` } });
  t.same(me.json(), { sub: 'u1' });
  t.match((await app.inject('/openapi.json')).json().info, { title: 'joo shop', description: 'a shop' });
});

t.test('when the database is gone, then the app is not ready', async (t) => {
  const db = await testDatabase(t, { label: 'service_app_down' });
  const app = await createServiceApp({ pool: db.pool, logLevel: 'silent', auth: { keys: { publicKeys: () => undefined } } }, { name: 'shop' });
  t.teardown(() => app.close());
  await db.pool.end();
  const ready = await app.inject('/health/ready');
  t.equal(ready.statusCode, 503);
  t.same(ready.json().checks, { postgres: 'failing' });
});
