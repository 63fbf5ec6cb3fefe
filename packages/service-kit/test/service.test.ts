import t from 'tap';
import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { createSigner } from 'fast-jwt';
import { Type } from 'typebox';
import { createService, ProblemError, type App } from '../src/index.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const sign = createSigner({ algorithm: 'EdDSA', key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, kid: 'k1', iss: 'joo-identity', aud: 'joo-platform', expiresIn: 60_000 });
const revoked = new Set<string>();

async function build(t: { teardown(fn: () => unknown): void }): Promise<App> {
  const app = await createService({
    name: 'kit-test',
    logLevel: 'silent',
    auth: {
      issuer: 'joo-identity', audience: 'joo-platform',
      keys: { publicKeys: (kid) => (kid === 'k1' ? publicKey : undefined) },
      isSessionRevoked: (sid) => revoked.has(sid),
    },
  });
  app.post('/things', {
    schema: { body: Type.Object({ name: Type.String({ minLength: 1 }), count: Type.Integer() }, { additionalProperties: false }) },
  }, async (request, reply) => reply.code(201).send({ got: request.body.name }));
  app.get('/things', { schema: { querystring: Type.Object({ limit: Type.Integer({ maximum: 10 }) }) } }, async (request) => ({ limit: request.query.limit }));
  app.get('/boom', async () => { throw new Error('secret internals'); });
  app.get('/teapot', async () => { throw new ProblemError(418, 'teapot', 'I am a teapot', 'short and stout', { size: 'small' }); });
  app.get('/me', { preHandler: app.authenticate }, async (request) => ({ sub: request.user.sub }));
  app.get('/admin', { preHandler: app.requireRole('admin') }, async () => ({ ok: true }));
  t.teardown(() => app.close());
  return app;
}


t.test('when the body is malformed JSON, then 400 problem+json', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.match(res.json(), { status: 400, code: 'malformed-json', type: 'https://joo.kz/problems/malformed-json' });
});

t.test('when fields are missing, mistyped or unknown, then 400 lists every one', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/things', payload: { count: '3', extra: 1 } });
  t.equal(res.statusCode, 400);
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  t.same(fields, ['/count', '/extra', '/name']);
});

t.test('when the query is text, then it is coerced; when out of range, then 400 naming it', async (t) => {
  const app = await build(t);
  t.same((await app.inject('/things?limit=5')).json(), { limit: 5 });
  const bad = await app.inject('/things?limit=50');
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().errors[0].field, 'querystring/limit');
});

t.test('when the body is over 1 MiB, then 413', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), count: 1 }) });
  t.equal(res.statusCode, 413);
  t.equal(res.json().code, 'body-too-large');
});

t.test('when a route is unknown, then 404 problem', async (t) => {
  const app = await build(t);
  const res = await app.inject('/nope');
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'not-found');
});

t.test('when a handler fails unexpectedly, then 500 without internals, with a trace id', async (t) => {
  const app = await build(t);
  const res = await app.inject('/boom');
  t.equal(res.statusCode, 500);
  t.notMatch(res.body, /secret internals/);
  t.ok(res.json().traceId);
});

t.test('when a handler throws a ProblemError, then its fields and extensions are sent', async (t) => {
  const app = await build(t);
  t.match((await app.inject('/teapot')).json(), { status: 418, code: 'teapot', detail: 'short and stout', size: 'small' });
});

t.test('auth: no token 401, good token 200, wrong role 403, revoked session 401, other algorithm 401', async (t) => {
  const app = await build(t);
  t.equal((await app.inject('/me')).statusCode, 401);
  const token = sign({ sub: 'u1', sid: 's1', roles: ['student'] });
  const ok = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
  t.same(ok.json(), { sub: 'u1' });
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${token}` } })).statusCode, 403);
  const admin = sign({ sub: 'u2', sid: 's2', roles: ['admin'] });
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${admin}` } })).statusCode, 200);
  revoked.add('s1');
  const gone = await app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(gone.statusCode, 401);
  t.equal(gone.json().code, 'session-revoked');
  const hs = createSigner({ algorithm: 'HS256', key: 'shared-secret', iss: 'joo-identity', aud: 'joo-platform' })({ sub: 'u3', sid: 's3', roles: ['admin'] });
  t.equal((await app.inject({ url: '/me', headers: { authorization: `Bearer ${hs}` } })).statusCode, 401);
  const otherAud = createSigner({ algorithm: 'EdDSA', key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, kid: 'k1', iss: 'joo-identity', aud: 'elsewhere' })({ sub: 'u', sid: 's', roles: [] });
  t.equal((await app.inject({ url: '/me', headers: { authorization: `Bearer ${otherAud}` } })).statusCode, 401);
});

t.test('health and metrics: ready reflects checks; the registry counts routes', async (t) => {
  const app = await build(t);
  let dbUp = true;
  app.addReadinessCheck('db', async () => { if (!dbUp) throw new Error('down'); });
  t.equal((await app.inject('/health/live')).statusCode, 200);
  t.equal((await app.inject('/health/ready')).statusCode, 200);
  dbUp = false;
  const notReady = await app.inject('/health/ready');
  t.equal(notReady.statusCode, 503);
  t.same(notReady.json().checks, { db: 'failing' });
  await app.inject('/things?limit=1');
  const metrics = await app.metrics.metrics();
  t.match(metrics, /http_request_duration_seconds_count\{[^}]*route="\/things"[^}]*\} 1/);
});

t.test('responses carry the request id; a given one is kept', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
  t.equal(res.headers['x-request-id'], 'abc-123');
  for (const url of ['/boom', '/nowhere', '/things?limit=50', '/me', '/teapot']) {
    const problem = await app.inject({ url, headers: { 'x-request-id': 'abc-124' } });
    t.ok(problem.statusCode >= 400, url);
    t.equal(problem.headers['x-request-id'], 'abc-124', `${url} (${problem.statusCode}) carries it too`);
  }
});

t.test('a request id that does not look like one is replaced', async (t) => {
  const app = await build(t);
  const res = await app.inject({ url: '/health/live', headers: { 'x-request-id': 'x'.repeat(500) } });
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});

t.test('when the URL cannot be decoded, then 400 problem+json', async (t) => {
  const app = await build(t);
  const res = await app.inject('/things/%E0%A4%A');
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.equal(res.json().code, 'bad-url');
  t.ok(res.headers['x-request-id'], 'with the request id, like every answer');
});

t.test('when a body, query or key holds a NUL character, then 400 names each place', async (t) => {
  const app = await build(t);
  const res = await app.inject({ method: 'POST', url: '/things?tag=a%00b', payload: { name: 'a\u0000b', count: 1, ['k\u0000']: 'x' } });
  t.equal(res.statusCode, 400);
  t.same(res.json().errors.map((e: { field: string }) => e.field).sort(), ['/k\\u0000', '/name', 'querystring/tag']);
});

t.test('when text holds a lone surrogate, then 400 names each place (jsonb would refuse it later)', async (t) => {
  const app = await build(t);
  // JSON escapes: a raw lone surrogate cannot travel as UTF-8, but "\\ud800" is valid JSON text.
  const payload = '{"name":"a\\ud800b","count":1,"ok":"\\ud83d\\ude00","k\\udfff":"x"}';
  const res = await app.inject({ method: 'POST', url: '/things?tag=%ED%A0%80', headers: { 'content-type': 'application/json' }, payload });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.same(res.json().errors.map((e: { field: string }) => e.field).sort(), ['/k\\udfff', '/name'], 'a pair (an emoji) is well-formed; the query decodes %ED%A0%80 to U+FFFD');
  t.match(res.json().errors[0].message, /lone surrogate/);
});

t.test('when a uuid has the urn:uuid: prefix, then it is not a valid uuid', async (t) => {
  const app = await build(t);
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (request) => ({ id: request.params.id }));
  t.equal((await app.inject('/items/01890a5d-ac96-774b-bcce-b302099a8057')).statusCode, 200);
  const urn = await app.inject('/items/urn:uuid:01890a5d-ac96-774b-bcce-b302099a8057');
  t.equal(urn.statusCode, 400);
  t.equal(urn.json().errors[0].field, 'params/id');
});

t.test('when a nullable field gets a wrong type, then one error names it', async (t) => {
  const app = await build(t);
  app.post('/nullable', { schema: { body: Type.Object({ note: Type.Union([Type.String(), Type.Null()]) }) } }, async () => ({ ok: true }));
  const res = await app.inject({ method: 'POST', url: '/nullable', payload: { note: 5 } });
  t.equal(res.statusCode, 400);
  t.same(res.json().errors, [{ field: '/note', message: 'must be string' }]);
});

t.test('when a token lacks iss or aud, then 401', async (t) => {
  const app = await build(t);
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const noIss = createSigner({ algorithm: 'EdDSA', key, kid: 'k1', aud: 'joo-platform' })({ sub: 'u', sid: 's-noiss', roles: ['admin'] });
  const noAud = createSigner({ algorithm: 'EdDSA', key, kid: 'k1', iss: 'joo-identity' })({ sub: 'u', sid: 's-noaud', roles: ['admin'] });
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${noIss}` } })).statusCode, 401);
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${noAud}` } })).statusCode, 401);
});

t.test('when tokens name unknown key ids, then the JWKS is fetched once, not once per token', async (t) => {
  const { createServer } = await import('node:http');
  let fetches = 0;
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  const server = createServer((_req, res) => {
    fetches += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as { port: number };
  const app = await createService({
    name: 'kit-jwks', logLevel: 'silent',
    auth: { issuer: 'joo-identity', audience: 'joo-platform', keys: { jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json` } },
  });
  app.get('/me', { preHandler: app.authenticate }, async (request) => ({ sub: request.user.sub }));
  t.teardown(() => app.close());
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  for (let i = 0; i < 10; i++) {
    const forged = createSigner({ algorithm: 'EdDSA', key, kid: `forged-${i}`, iss: 'joo-identity', aud: 'joo-platform' })({ sub: 'u', sid: 's', roles: [] });
    t.equal((await app.inject({ url: '/me', headers: { authorization: `Bearer ${forged}` } })).statusCode, 401);
  }
  t.equal(fetches, 1, 'one fetch for ten forged key ids');
  const good = sign({ sub: 'u1', sid: 's-good', roles: [] });
  t.equal((await app.inject({ url: '/me', headers: { authorization: `Bearer ${good}` } })).statusCode, 200, 'the real key came with that one fetch');
  t.equal(fetches, 1);
});

t.test('when the service is shutting down, then a late request on an open connection gets a 503 problem', async (t) => {
  const app = await createService({ name: 'kit-closing', logLevel: 'silent' });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  app.get('/slow', async () => { await gate; return { done: true }; });
  app.get('/fast', async () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };

  // One keep-alive connection: a slow request in flight, the shutdown begins, then a second request.
  const socket = connect({ host: '127.0.0.1', port });
  let received = '';
  socket.on('data', (chunk) => { received += chunk.toString(); });
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closed = app.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  await closed;
  await new Promise((resolve) => { if (socket.closed) resolve(null); else socket.once('close', resolve); });

  const [first, second] = received.split(/(?=HTTP\/1\.1 )/);
  t.match(first, /^HTTP\/1\.1 200/, 'the request in flight completes');
  t.match(second, /^HTTP\/1\.1 503/);
  t.match(second, /content-type: application\/problem\+json/i);
  t.match(second, /retry-after: 1/i);
  t.match(second, /"code":"shutting-down"/);
});

t.test('when a token that was accepted before expires or is altered, then it is refused all the same', async (t) => {
  const app = await build(t);
  const shortLived = createSigner({ algorithm: 'EdDSA', key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, kid: 'k1', iss: 'joo-identity', aud: 'joo-platform', expiresIn: 1_000 });
  const token = shortLived({ sub: 'u-short', sid: 's-short', roles: ['student'] });
  const me = () => app.inject({ url: '/me', headers: { authorization: `Bearer ${token}` } });
  t.equal((await me()).statusCode, 200);
  t.equal((await me()).statusCode, 200, 'the second request is answered from what the first one verified');
  const [header, payload] = token.split('.');
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), roles: ['admin'] })).toString('base64url')}.${token.split('.')[2]}`;
  t.equal((await app.inject({ url: '/admin', headers: { authorization: `Bearer ${forged}` } })).statusCode, 401, 'new claims under the old signature');
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const expired = await me();
  t.equal(expired.statusCode, 401);
  t.equal(expired.json().code, 'invalid-token');
});
