import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';

t.test('admin journey and the gateway edges', async (t) => {
  const platform = await startPlatform(t);
  const call = client(platform.gatewayUrl);

  t.equal((await call('GET', '/health/ready')).status, 200, 'gateway ready when every service is');
  const jwks = await call('GET', '/.well-known/jwks.json');
  t.equal(jwks.status, 200);
  t.equal(jwks.body.keys[0].alg, 'EdDSA');
  const docs = await call('GET', '/docs/json');
  t.ok(docs.body.paths['/v1/identity/register'], 'merged OpenAPI lists identity routes');

  // Bad input never yields a 500
  const malformed = await fetch(`${platform.gatewayUrl}/v1/identity/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fullName":' });
  t.equal(malformed.status, 400);
  t.match(malformed.headers.get('content-type'), /problem\+json/);
  const wrongTypes = await call('POST', '/v1/identity/login', { body: { login: 5, password: [], device: 'x' } });
  t.equal(wrongTypes.status, 400);
  const huge = await call('POST', '/v1/identity/register', { body: { fullName: 'x'.repeat(1_100_000) } });
  t.equal(huge.status, 413);
  const unknown = await call('GET', '/v1/identity/no-such-route');
  t.equal(unknown.status, 404);
  t.match(unknown.headers.get('content-type'), /problem\+json/);
  t.equal((await call('GET', '/v1/nosuchservice/x')).status, 404);

  const offer = await call('GET', '/v1/identity/offers/current');
  const student = { fullName: 'Ерлан Нұрланұлы', region: 'astana', email: 'erlan@example.kz', phone: '+7 777 100 20 30', password: 'jaksy-dayyndyq-2026', locale: 'ru', acceptOffer: true, offerVersion: offer.body.version };
  t.equal((await call('POST', '/v1/identity/register', { body: student })).status, 201);
  const studentLogin = await call('POST', '/v1/identity/login', { body: { login: '87771002030', password: student.password, device: { id: 'laptop', name: 'Laptop' } } });
  t.equal(studentLogin.status, 200, 'login by phone in another spelling');
  const studentToken = studentLogin.body.accessToken;
  t.equal((await call('GET', '/v1/identity/admin/users', { token: studentToken })).status, 403, 'students cannot use admin routes');

  const adminLogin = await call('POST', '/v1/identity/login', { body: { login: platform.admin.email, password: platform.admin.password, device: { id: 'admin-pc', name: 'Admin PC' } } });
  t.equal(adminLogin.status, 200, 'the seeded admin signs in');
  const adminToken = adminLogin.body.accessToken;
  const found = await call('GET', '/v1/identity/admin/users?q=erlan', { token: adminToken });
  t.equal(found.status, 200);
  t.equal(found.body.items.length, 1);
  const userId = found.body.items[0].id ?? found.body.items[0].userId;

  const suspended = await call('POST', `/v1/identity/admin/users/${userId}/suspend`, { token: adminToken, body: { reason: 'chargeback investigation' } });
  t.ok(suspended.status === 200 || suspended.status === 204, 'admin suspends the student');
  await eventually(async () => (await call('GET', '/v1/identity/me', { token: studentToken })).status === 401, { timeoutMs: 1000, intervalMs: 25 });
  t.equal((await call('GET', '/v1/identity/me', { token: studentToken })).status, 401, 'the suspended student is signed out at once');
  const blocked = await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device: { id: 'laptop', name: 'Laptop' } } });
  t.equal(blocked.status, 403, 'a suspended account cannot sign in');
  const reinstated = await call('POST', `/v1/identity/admin/users/${userId}/reinstate`, { token: adminToken, body: {} });
  t.ok(reinstated.status === 200 || reinstated.status === 204);
  t.equal((await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device: { id: 'laptop', name: 'Laptop' } } })).status, 200, 'reinstated student signs in again');

  const published = await call('POST', '/v1/identity/admin/offers', { token: adminToken, body: { text: { kk: 'Жаңа оферта мәтіні', ru: 'Новый текст оферты' } } });
  t.equal(published.status, 201);
  t.equal((await call('GET', '/v1/identity/offers/current')).body.version, published.body.version, 'the new offer is current');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
