import { createPublicKey } from 'node:crypto';
import t from 'tap';
import { createVerifier } from 'fast-jwt';
import { recordAttempt } from '../src/store/login-failures.js';
import { ADMIN, bearer, build, login, registerStudent, STUDENT_PASSWORD } from './helper.js';

const url = '/v1/identity/login';
const device = { id: 'phone-1', name: 'Galaxy A54' };

t.test('when the password is right, then a token pair whose access token the JWKS verifies', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const res = await app.inject({ method: 'POST', url, payload: { login: s.email.toUpperCase(), password: STUDENT_PASSWORD, device } });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.equal(body.expiresIn, 600);
  t.match(body.refreshToken, /^[A-Za-z0-9_-]{43}$/);

  const jwks = (await app.inject('/.well-known/jwks.json')).json();
  t.match(jwks.keys, [{ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: /.+/ }]);
  const jwk = jwks.keys[0];
  const verify = createVerifier({
    key: createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string,
    algorithms: ['EdDSA'], allowedIss: 'joo-identity', allowedAud: 'joo-platform', complete: true,
  });
  const token = verify(body.accessToken) as { header: { kid: string; alg: string }; payload: Record<string, unknown> };
  t.equal(token.header.kid, jwk.kid);
  t.equal(token.header.alg, 'EdDSA');
  t.match(token.payload, { sub: s.userId, sid: body.sessionId, roles: ['student'], iss: 'joo-identity', aud: 'joo-platform' });
  t.equal((token.payload.exp as number) - (token.payload.iat as number), 600);

  const me = await app.inject({ url: '/v1/identity/me', headers: bearer(body.accessToken) });
  t.equal(me.statusCode, 200);
});

t.test('when the login is the phone in another spelling, then it signs in', async (t) => {
  const { app } = await build(t);
  await registerStudent(app, { phone: '+77075550011' });
  const res = await app.inject({ method: 'POST', url, payload: { login: '8 (707) 555-00-11', password: STUDENT_PASSWORD, device } });
  t.equal(res.statusCode, 200, res.body);
});

t.test('when the password is wrong or the login unknown, then the same 401', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const wrong = await app.inject({ method: 'POST', url, payload: { login: s.email, password: 'not the password', device } });
  const unknown = await app.inject({ method: 'POST', url, payload: { login: 'nobody@example.kz', password: 'not the password', device } });
  const gibberish = await app.inject({ method: 'POST', url, payload: { login: 'just words', password: 'x', device } });
  for (const res of [wrong, unknown, gibberish]) {
    t.equal(res.statusCode, 401);
    t.equal(res.json().code, 'invalid-credentials');
    t.equal(res.json().detail, wrong.json().detail);
  }
});

t.test('when an account fails 5 times, then 429 with Retry-After, even with the right password', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const s = await registerStudent(app);
  for (let i = 0; i < 5; i += 1) {
    const res = await app.inject({ method: 'POST', url, headers: { 'x-forwarded-for': `10.0.0.${i + 1}` }, payload: { login: s.email, password: `guess ${i}`, device } });
    t.equal(res.statusCode, 401);
  }
  const blocked = await app.inject({ method: 'POST', url, headers: { 'x-forwarded-for': '10.0.0.99' }, payload: { login: s.phone, password: STUDENT_PASSWORD, device } });
  t.equal(blocked.statusCode, 429);
  t.equal(blocked.headers['retry-after'], '900');
  t.equal(blocked.json().code, 'rate-limited');
});

t.test('when the window has passed, then the account signs in again and success clears its failures', async (t) => {
  const built = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const { app, clock } = built;
  const s = await registerStudent(app);
  for (let i = 0; i < 5; i += 1) await app.inject({ method: 'POST', url, payload: { login: s.email, password: `guess ${i}`, device } });
  clock.set(new Date('2026-03-10T08:10:00Z'));
  const still = await app.inject({ method: 'POST', url, payload: { login: s.email, password: STUDENT_PASSWORD, device } });
  t.equal(still.statusCode, 429);
  t.equal(still.headers['retry-after'], '300');
  clock.set(new Date('2026-03-10T08:15:01Z'));
  t.ok(await login(app, s.email));
  for (let i = 0; i < 4; i += 1) await app.inject({ method: 'POST', url, payload: { login: s.email, password: `again ${i}`, device } });
  t.ok(await login(app, s.email), 'the earlier failures no longer count');
});

t.test('when one IP fails 20 times across accounts, then that IP gets 429 and others do not', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  for (let i = 0; i < 20; i += 1) {
    const res = await app.inject({ method: 'POST', url, headers: { 'x-forwarded-for': '203.0.113.7' }, payload: { login: `user${i}@example.kz`, password: 'guess', device } });
    t.equal(res.statusCode, 401);
  }
  const blocked = await app.inject({ method: 'POST', url, headers: { 'x-forwarded-for': '203.0.113.7' }, payload: { login: s.email, password: STUDENT_PASSWORD, device } });
  t.equal(blocked.statusCode, 429);
  t.ok(Number(blocked.headers['retry-after']) > 0);
  t.ok(await login(app, s.email, { ip: '198.51.100.1' }), 'another IP signs in');
});

t.test('when the account is suspended, then 403; when the offer was refused, then 403 offer-acceptance-required (401 for a wrong password)', async (t) => {
  const { app } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin-pc' });
  const suspended = await registerStudent(app);
  const s = await app.inject({ method: 'POST', url: `/v1/identity/admin/users/${suspended.userId}/suspend`, headers: bearer(admin.accessToken), payload: { reason: 'chargeback fraud' } });
  t.equal(s.statusCode, 200, s.body);
  const res = await app.inject({ method: 'POST', url, payload: { login: suspended.email, password: STUDENT_PASSWORD, device } });
  t.equal(res.statusCode, 403);
  t.equal(res.json().code, 'suspended');
  const wrong = await app.inject({ method: 'POST', url, payload: { login: suspended.email, password: 'wrong password', device } });
  t.equal(wrong.statusCode, 401, 'a wrong password does not reveal the suspension');

  const closed = await registerStudent(app);
  const tokens = await login(app, closed.email);
  const refusal = await app.inject({ method: 'POST', url: '/v1/identity/me/offer-refusal', headers: bearer(tokens.accessToken) });
  t.equal(refusal.statusCode, 204);
  const after = await app.inject({ method: 'POST', url, payload: { login: closed.email, password: STUDENT_PASSWORD, device } });
  t.equal(after.statusCode, 403);
  t.equal(after.json().code, 'offer-acceptance-required');
  const guess = await app.inject({ method: 'POST', url, payload: { login: closed.email, password: 'wrong password', device } });
  t.equal(guess.statusCode, 401);
  t.equal(guess.json().code, 'invalid-credentials');
});

t.test('when the login body is incomplete, then 400 naming the fields', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url, payload: { login: 'a@b.kz', device: { id: '' }, extra: true } });
  t.equal(res.statusCode, 400);
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  t.same(fields, ['/device/id', '/device/name', '/extra', '/password']);
});

t.test('when 30 wrong passwords for one account arrive at once, then at most 5 are checked and the rest get 429', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => app.inject({
    method: 'POST', url: '/v1/identity/login', headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
    payload: { login: s.email, password: 'wrong password guess', device: { id: 'd', name: 'D' } },
  })));
  const statuses = results.map((r) => r.statusCode);
  const checked = statuses.filter((c) => c === 401).length;
  t.ok(checked <= 5, `no more than the limit were checked (${checked})`);
  t.equal(checked + statuses.filter((c) => c === 429).length, 30, 'every other guess was refused');
  t.ok(results.filter((r) => r.statusCode === 429).every((r) => Number(r.headers['retry-after']) > 0));
});

t.test('when checks were abandoned mid-way (a replica killed, a connection lost), then their pending attempts stop counting after 30 s', async (t) => {
  const { app, pool, clock } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const s = await registerStudent(app);
  // Five attempts that began and never settled: their process died after recording them.
  for (let i = 0; i < 5; i += 1) await recordAttempt(pool, { accountKey: `user:${s.userId}`, ip: '10.0.0.7', now: new Date('2026-03-10T08:00:00Z') });
  const meanwhile = await app.inject({ method: 'POST', url, payload: { login: s.email, password: STUDENT_PASSWORD, device } });
  t.equal(meanwhile.statusCode, 429, 'while they could still be in flight, they count against the account');
  clock.set(new Date('2026-03-10T08:00:31Z'));
  t.ok(await login(app, s.email), 'abandoned ones do not lock the owner out for the window');
});
