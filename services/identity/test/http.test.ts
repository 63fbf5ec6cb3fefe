import t from 'tap';
import { bearer, build, student } from './helper.js';

t.test('when the input is odd, then a 4xx problem, never a 500', async (t) => {
  const { app } = await build(t);
  const s = await student(app);
  const cases = [
    { method: 'POST' as const, url: '/v1/identity/register', headers: { 'content-type': 'application/json' }, payload: 'x'.repeat(1024 * 1024 + 1), status: 413 },
    { method: 'GET' as const, url: '/v1/identity/nope', status: 404 },
    { method: 'PATCH' as const, url: '/v1/identity/me', headers: { ...bearer(s.tokens.accessToken), 'content-type': 'application/json' }, payload: '{"iin":', status: 400 },
    { method: 'PATCH' as const, url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload: { iin: 12, untScores: 'many', profileSubjects: [1] }, status: 400 },
    { method: 'PATCH' as const, url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload: { passwordHash: 'x' }, status: 400 },
    { method: 'POST' as const, url: '/v1/identity/login', headers: { 'content-type': 'text/plain' }, payload: 'hello', status: 400 },
    { method: 'POST' as const, url: '/v1/identity/me/erasure-request', headers: bearer(s.tokens.accessToken), payload: { email: 'not an email' }, status: 400 },
  ];
  for (const c of cases) {
    const res = await app.inject(c);
    t.equal(res.statusCode, c.status, `${c.method} ${c.url}: ${res.body.slice(0, 200)}`);
    t.match(res.headers['content-type'], /application\/problem\+json/);
  }
  const badUrl = await app.inject({ method: 'DELETE', url: '/v1/identity/sessions/%E0%A4%A', headers: bearer(s.tokens.accessToken) });
  t.equal(badUrl.statusCode, 400);
  t.match(badUrl.headers['content-type'], /application\/problem\+json/);
});

t.test('when PATCH /me has nothing to change, then the profile comes back unchanged', async (t) => {
  const { app } = await build(t);
  const s = await student(app);
  const res = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken), payload: {} });
  t.equal(res.statusCode, 200);
  t.equal(res.json().email, s.email);
});

t.test('when the OpenAPI document is asked for, then it lists the identity routes', async (t) => {
  const { app } = await build(t);
  const doc = (await app.inject('/openapi.json')).json();
  for (const path of ['/v1/identity/register', '/v1/identity/login', '/v1/identity/me', '/v1/identity/admin/users', '/.well-known/jwks.json']) {
    t.ok(doc.paths[path], path);
  }
});

t.test('when the service is asked whether it is ready, then it checks PostgreSQL', async (t) => {
  const { app } = await build(t);
  const res = await app.inject('/health/ready');
  t.equal(res.statusCode, 200);
  t.match(res.json(), { checks: { postgres: 'ok' } });
});
