import t from 'tap';
import { bearer, gateway } from './helper.js';

t.test('when a valid token is sent, then the request reaches the service with that user\'s token', async (t) => {
  const { app, identity, issuer } = await gateway(t);
  const token = issuer.sign({ sub: 'user-7', sid: 'sess-7', roles: ['student'] });
  const res = await app.inject({ url: '/v1/identity/me', headers: bearer(token) });
  t.equal(res.statusCode, 200);
  t.equal(identity.requests.length, 1);
  const claims = JSON.parse(Buffer.from(String(identity.requests[0]!.headers.authorization).split('.')[1]!, 'base64url').toString());
  t.match(claims, { sub: 'user-7', sid: 'sess-7', roles: ['student'] });
});

t.test('when no token is sent, then the request passes on (public routes; services enforce their own auth)', async (t) => {
  const { app, identity } = await gateway(t);
  const res = await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: 'a@b.kz', password: 'x' } });
  t.equal(res.statusCode, 200);
  t.equal(identity.requests.length, 1);
});

t.test('when the Authorization header is not a bearer token, then the gateway leaves it to the service', async (t) => {
  const { app, identity } = await gateway(t);
  const res = await app.inject({ url: '/v1/identity/x', headers: { authorization: 'ApiKey partner-key-1' } });
  t.equal(res.statusCode, 200);
  t.equal(identity.requests[0]!.headers.authorization, 'ApiKey partner-key-1');
});

t.test('when the token is bad, expired, in another algorithm, of another key, issuer or audience, then 401 problem before any service sees it', async (t) => {
  const { app, catalog, issuer } = await gateway(t);
  const claims = { sub: 'u1', sid: 's1', roles: ['admin'] };
  const cases: Record<string, string> = {
    garbage: 'not-a-jwt',
    expired: issuer.sign(claims, { expiresInSeconds: -1 }),
    'alg none': issuer.forge('alg-none', claims),
    'HS256 keyed with the public key': issuer.forge('hs256-public-key', claims),
    'signed by another key with the same kid': issuer.forge('foreign-key', claims),
    'other issuer': issuer.sign(claims, { issuer: 'someone-else' }),
    'other audience': issuer.sign(claims, { audience: 'another-platform' }),
    'tampered payload': (() => {
      const [h, , s] = issuer.sign(claims).split('.');
      const p = Buffer.from(JSON.stringify({ ...claims, sub: 'u2', iss: 'joo-identity', aud: 'joo-platform', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      return `${h}.${p}.${s}`;
    })(),
  };
  for (const [name, token] of Object.entries(cases)) {
    const res = await app.inject({ url: '/v1/catalog/things', headers: bearer(token) });
    t.equal(res.statusCode, 401, name);
    t.match(res.headers['content-type'], /application\/problem\+json/, name);
    t.match(res.json(), { status: 401, code: 'invalid-token' }, name);
  }
  t.equal(catalog.requests.length, 0, 'nothing was proxied');
});

t.test('when a token lacks the session claim, then 401', async (t) => {
  const { app, issuer } = await gateway(t);
  const token = issuer.sign({ sub: 'u1', roles: [] } as unknown as { sub: string; sid: string });
  t.equal((await app.inject({ url: '/v1/catalog/things', headers: bearer(token) })).statusCode, 401);
});

t.test('when a bad token is sent to a health route, then health still answers', async (t) => {
  const { app } = await gateway(t);
  t.equal((await app.inject({ url: '/health/live', headers: bearer('garbage') })).statusCode, 200);
});
