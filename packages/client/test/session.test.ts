import t from 'tap';
import { ApiError, createJooClient, DeviceLimitError, memoryTokenStore } from '../src/index.js';
import { json, localServer, problem } from './server.js';

/** An identity that rotates refresh tokens like the real one: a used token is refused. */
async function rotatingIdentity(t: Parameters<typeof localServer>[0]) {
  let generation = 1;
  let refreshes = 0;
  const server = await localServer(t, async (req, res) => {
    if (req.url === '/v1/identity/refresh') {
      refreshes++;
      await new Promise((r) => setTimeout(r, 50)); // long enough for every caller to meet the 401
      if (JSON.parse(req.body).refreshToken !== `refresh-${generation}`) return json(res, 401, problem(401, 'invalid-refresh-token'));
      generation++;
      return json(res, 200, { accessToken: `access-${generation}`, refreshToken: `refresh-${generation}`, tokenType: 'Bearer', expiresIn: 900 });
    }
    if (req.headers.authorization !== `Bearer access-${generation}`) return json(res, 401, problem(401, 'unauthorized'));
    json(res, 200, { id: 'u-1', seenWith: req.headers.authorization });
  });
  return { server, refreshes: () => refreshes };
}

t.test('when ten calls meet an expired token together, then one refresh serves them all', async (t) => {
  const { server, refreshes } = await rotatingIdentity(t);
  const store = memoryTokenStore({ accessToken: 'expired', refreshToken: 'refresh-1' });
  const joo = createJooClient({ baseUrl: server.url, tokens: store });
  const answers = await Promise.all(Array.from({ length: 10 }, () => joo.get('/v1/identity/me')));
  t.equal(refreshes(), 1, 'the refresh token was used once');
  t.ok(answers.every((a) => (a as unknown as { seenWith: string }).seenWith === 'Bearer access-2'), 'every call went through with the new token');
  t.same(store.load(), { accessToken: 'access-2', refreshToken: 'refresh-2' }, 'the rotated pair is stored');

  // A caller that saw the old token refused after the refresh finished does not refresh again.
  t.same(await joo.session.refresh('expired'), { accessToken: 'access-2', refreshToken: 'refresh-2' });
  t.equal(refreshes(), 1);
});

t.test('when identity refuses the refresh token, then the session ends and the 401 surfaces', async (t) => {
  const { server } = await rotatingIdentity(t);
  const ended: string[] = [];
  const store = memoryTokenStore({ accessToken: 'expired', refreshToken: 'stolen-and-used' });
  const joo = createJooClient({ baseUrl: server.url, tokens: store, onSessionEnd: (why) => ended.push(why) });
  await t.rejects(joo.get('/v1/identity/me'), { status: 401, code: 'unauthorized' });
  t.same(ended, ['refresh-refused']);
  t.equal(store.load(), null, 'the pair is forgotten');
  const error = await joo.session.refresh().catch((e: unknown) => e);
  t.ok(error instanceof ApiError && error.code === 'not-signed-in', 'no refresh without a session');
});

t.test('when a fourth device signs in, then the 409 lists the devices and evictOldest decides', async (t) => {
  const devices = [{ sessionId: 's1', name: 'Phone', lastSeenAt: '2026-12-01T10:00:00Z' }];
  const server = await localServer(t, (req, res) => {
    const body = JSON.parse(req.body);
    if (body.evictOldest) return json(res, 200, { accessToken: 'a', refreshToken: 'r', tokenType: 'Bearer', expiresIn: 900 });
    json(res, 409, problem(409, 'device-limit', { devices }));
  });
  const joo = createJooClient({ baseUrl: server.url });
  const input = { login: 'dana@example.kz', password: 'pw', device: { id: 'd4', name: 'Laptop' } };

  const refused = await joo.signIn(input).catch((e: unknown) => e);
  t.ok(refused instanceof DeviceLimitError, 'without evictOldest: a DeviceLimitError');
  t.match(refused, { status: 409, code: 'device-limit', devices });
  t.equal(joo.session.tokens, null);

  let offered: unknown;
  await t.rejects(joo.signIn({ ...input, evictOldest: (list) => { offered = list; return false; } }), DeviceLimitError);
  t.same(offered, devices, 'the decision sees the devices in use');

  const signedIn = await joo.signIn({ ...input, evictOldest: async () => true });
  t.equal(signedIn.accessToken, 'a');
  t.same(joo.session.tokens, { accessToken: 'a', refreshToken: 'r' });
  t.same(JSON.parse(server.seen.at(-1)!.body), { ...input, evictOldest: true });
  t.equal(server.seen.at(-1)!.headers.authorization, undefined, 'sign-in carries no token');
});

t.test('when a problem has field errors, then the ApiError carries them', async (t) => {
  const errors = [{ field: '/email', message: 'not an e-mail address' }, { field: '/acceptOffer', message: 'must be true' }];
  const server = await localServer(t, (req, res) => {
    if (req.url!.startsWith('/v1/identity/register')) return json(res, 400, problem(400, 'validation', { detail: 'Your request is not valid', errors }));
    res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
  });
  const joo = createJooClient({ baseUrl: server.url, retry: false });
  const error = await joo.post('/v1/identity/register', {
    body: { fullName: 'x', region: 'almaty', email: 'nope', phone: '1', password: 'p', locale: 'kk', acceptOffer: false, offerVersion: 1 },
  }).catch((e: unknown) => e) as ApiError;
  t.ok(error instanceof ApiError);
  t.match(error, { status: 400, code: 'validation', errors, message: 'Your request is not valid' });
  t.equal(error.fieldError('/email'), 'not an e-mail address');

  const html = await joo.get('/v1/catalog/products').catch((e: unknown) => e) as ApiError;
  t.match(html, { status: 502, code: 'http-502', detail: '<h1>Bad gateway</h1>', errors: [] }, 'a body that is no problem still gives an ApiError');
});

t.test('when signing out, then the pair is forgotten even if the server fails', async (t) => {
  const server = await localServer(t, (_req, res) => json(res, 500, problem(500, 'internal')));
  const ended: string[] = [];
  const joo = createJooClient({ baseUrl: server.url, tokens: memoryTokenStore({ accessToken: 'a', refreshToken: 'r' }), onSessionEnd: (why) => ended.push(why) });
  await joo.signOut();
  t.equal(server.seen[0]!.headers.authorization, 'Bearer a');
  t.equal(joo.session.tokens, null);
  t.same(ended, ['signed-out']);
});
