import t from 'tap';
import { Type } from 'typebox';
import { createService, operationPrefix, routedToService, type App } from '../src/index.js';

async function service(t: { teardown(fn: () => unknown): void }, name = 'billing'): Promise<App> {
  const app = await createService({ name, logLevel: 'silent' });
  t.teardown(() => app.close());
  return app;
}

const ok = async () => ({ ok: true });

t.test('when a public route names its operation and security, then it is registered and documented so', async (t) => {
  const app = await service(t);
  app.get('/v1/billing/payment-methods', { schema: { operationId: 'billingListPaymentMethods', security: [], response: { 200: Type.Object({ ok: Type.Boolean() }) } } }, ok);
  app.post('/v1/billing/orders', { schema: { operationId: 'billingCreateOrder', security: [{ bearer: [] }] } }, ok);
  await app.ready();
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, { operationId: string; security: unknown }>> };
  t.equal(document.paths['/v1/billing/payment-methods']!.get!.operationId, 'billingListPaymentMethods');
  t.same(document.paths['/v1/billing/payment-methods']!.get!.security, []);
  t.same(document.paths['/v1/billing/orders']!.post!.security, [{ bearer: [] }]);
  t.equal((await app.inject('/v1/billing/payment-methods')).statusCode, 200);
  t.equal((await app.inject({ method: 'HEAD', url: '/v1/billing/payment-methods' })).statusCode, 200, 'the HEAD Fastify adds shares the GET\'s name');
});

t.test('when a public route has no operationId, then registering it fails naming the route', async (t) => {
  const app = await service(t);
  t.throws(() => app.get('/v1/billing/orders/:id', { schema: { security: [] } }, ok), /GET \/v1\/billing\/orders\/:id: schema.operationId must name the operation as billing<Verb><Noun>/);
  t.throws(() => app.get('/v1/billing/me/orders', ok), /schema.operationId/, 'no schema at all');
});

t.test('when an operationId lacks the service prefix or camelCase, then registering fails', async (t) => {
  const app = await service(t);
  t.throws(() => app.get('/v1/billing/a', { schema: { operationId: 'listOrders', security: [] } }, ok), /got "listOrders"/);
  t.throws(() => app.get('/v1/billing/b', { schema: { operationId: 'billing_list_orders', security: [] } }, ok), /got "billing_list_orders"/);
  t.throws(() => app.get('/v1/billing/c', { schema: { operationId: 'catalogListOrders', security: [] } }, ok), /got "catalogListOrders"/);
});

t.test('when two routes share an operationId, then the second fails naming the first', async (t) => {
  const app = await service(t);
  app.get('/v1/billing/orders', { schema: { operationId: 'billingListOrders', security: [] } }, ok);
  t.throws(() => app.get('/v1/billing/me/orders', { schema: { operationId: 'billingListOrders', security: [] } }, ok),
    /GET \/v1\/billing\/me\/orders: operationId billingListOrders is already used by GET,HEAD \/v1\/billing\/orders|already used by GET \/v1\/billing\/orders/);
});

t.test('when a public route does not say who may call it, then registering fails', async (t) => {
  const app = await service(t);
  t.throws(() => app.get('/v1/billing/orders', { schema: { operationId: 'billingListOrders' } }, ok), /schema.security must say who may call it/);
});

t.test('when a route is not routed by the gateway or is hidden, then it needs no name', async (t) => {
  const app = await service(t);
  app.get('/internal/thing', ok);
  app.get('/v1/billing/hidden', { schema: { hide: true } }, ok);
  app.get('/v1/catalog/not-ours', ok);
  await app.ready();
  t.equal((await app.inject('/internal/thing')).statusCode, 200);
});

t.test('when a service name has a dash, then its prefix is camelCase; identity alone serves the JWKS path', async (t) => {
  t.equal(operationPrefix('dead-letters'), 'deadLetters');
  t.ok(routedToService('identity', '/.well-known/jwks.json'));
  t.notOk(routedToService('gateway', '/.well-known/jwks.json'));
  t.ok(routedToService('leads', '/v1/leads'));
  t.notOk(routedToService('leads', '/v1/leadsx'));
});
