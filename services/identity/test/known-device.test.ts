/**
 * Sign-in throttling by device token (OWASP device cookies): a device that signed in before is
 * throttled on its own token's failures, so guesses at the account from elsewhere cannot lock it out.
 */
import t from 'tap';
import type { App } from '@joo/service-kit';
import { build, registerStudent, STUDENT_PASSWORD } from './helper.js';

const url = '/v1/identity/login';
const OWNER_IP = '198.51.100.20';
const ATTACKER_IP = '203.0.113.9';
const phone = { id: 'phone-1', name: 'Galaxy A54' };

function attempt(app: App, body: { login: string; password: string; device?: { id: string; name: string }; deviceToken?: unknown }, ip: string) {
  return app.inject({ method: 'POST', url, headers: { 'x-forwarded-for': ip }, payload: { device: phone, ...body } });
}

/** A student who has signed in once on `phone`, and the device token that sign-in answered. */
async function ownerWithKnownPhone(app: App): Promise<{ email: string; deviceToken: string }> {
  const s = await registerStudent(app);
  const first = await attempt(app, { login: s.email, password: STUDENT_PASSWORD }, OWNER_IP);
  if (first.statusCode !== 200) throw new Error(first.body);
  return { email: s.email, deviceToken: first.json().deviceToken };
}

/** Wrong passwords from another address; answers how many got each status. */
async function guessFromElsewhere(app: App, login: string, guesses: number): Promise<Record<number, number>> {
  const codes: Record<number, number> = {};
  for (let i = 0; i < guesses; i += 1) {
    const res = await attempt(app, { login, password: `guess ${i}`, device: { id: 'attacker', name: 'x' } }, ATTACKER_IP);
    codes[res.statusCode] = (codes[res.statusCode] ?? 0) + 1;
  }
  return codes;
}

t.test('when a sign-in succeeds, then it answers a device token besides the token pair', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const res = await attempt(app, { login: s.email, password: STUDENT_PASSWORD }, OWNER_IP);
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { accessToken: String, refreshToken: /^[A-Za-z0-9_-]{43}$/, expiresIn: 600, sessionId: String, deviceToken: /^[A-Za-z0-9_-]{43}$/ });
  const next = await attempt(app, { login: s.email, password: STUDENT_PASSWORD, deviceToken: res.json().deviceToken }, OWNER_IP);
  t.equal(next.statusCode, 200);
  t.not(next.json().deviceToken, res.json().deviceToken, 'each sign-in answers the next token');
});

t.test('when 100 wrong passwords come from another address, then the owner\'s known device still signs in', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const owner = await ownerWithKnownPhone(app);
  t.same(await guessFromElsewhere(app, owner.email, 100), { 401: 5, 429: 95 }, 'the guesses: 5 checked, the rest throttled');

  const unknown = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, device: { id: 'new-laptop', name: 'Laptop' } }, OWNER_IP);
  t.equal(unknown.statusCode, 429, 'an unknown device stays throttled per account');

  const known = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: owner.deviceToken }, OWNER_IP);
  t.equal(known.statusCode, 200, known.body);
  const again = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: known.json().deviceToken }, OWNER_IP);
  t.equal(again.statusCode, 200, 'the token it answered works the same way');
  const stale = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: owner.deviceToken }, OWNER_IP);
  t.equal(stale.statusCode, 429, 'the token before it no longer counts');

  t.same(await guessFromElsewhere(app, owner.email, 3), { 429: 3 }, 'the owner\'s sign-ins did not lift the lockout for the guesser');
});

t.test('when a known device gets 5 wrong passwords, then its token is revoked and the device is throttled per account', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const owner = await ownerWithKnownPhone(app);
  t.same(await guessFromElsewhere(app, owner.email, 5), { 401: 5 }, 'the account is locked');
  for (let i = 0; i < 5; i += 1) {
    const res = await attempt(app, { login: owner.email, password: `typo ${i}`, deviceToken: owner.deviceToken }, OWNER_IP);
    t.equal(res.statusCode, 401, `wrong password ${i + 1} on the device is checked, not blocked by the account's lockout`);
  }
  const locked = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: owner.deviceToken }, OWNER_IP);
  t.equal(locked.statusCode, 429, 'the token is locked: the right password now waits like any unknown device');
  t.equal(locked.json().code, 'rate-limited');
});

t.test('when a device has fewer wrong passwords than the limit and then the right one, then its count starts again', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const owner = await ownerWithKnownPhone(app);
  let token = owner.deviceToken;
  for (let round = 0; round < 2; round += 1) {
    for (let i = 0; i < 4; i += 1) t.equal((await attempt(app, { login: owner.email, password: `typo ${i}`, deviceToken: token }, OWNER_IP)).statusCode, 401);
    const ok = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: token }, OWNER_IP);
    t.equal(ok.statusCode, 200, `round ${round + 1}: the right password after 4 typos`);
    token = ok.json().deviceToken;
  }
});

t.test('when the token is forged, another user\'s, another device\'s or not a string, then the login is an unknown device\'s', async (t) => {
  const { app } = await build(t, { now: new Date('2026-03-10T08:00:00Z') });
  const owner = await ownerWithKnownPhone(app);
  const other = await ownerWithKnownPhone(app);
  t.same(await guessFromElsewhere(app, owner.email, 5), { 401: 5 }, 'the account is locked');

  const tokens: Record<string, { deviceToken: string; device?: { id: string; name: string } }> = {
    forged: { deviceToken: 'A'.repeat(43) },
    garbage: { deviceToken: 'not a token at all' },
    'another user\'s': { deviceToken: other.deviceToken },
    'the owner\'s, for another device id': { deviceToken: owner.deviceToken, device: { id: 'tablet', name: 'Tablet' } },
  };
  for (const [kind, body] of Object.entries(tokens)) {
    const res = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, ...body }, OWNER_IP);
    t.equal(res.statusCode, 429, `${kind}: throttled per account`);
  }
  const fine = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken: owner.deviceToken }, OWNER_IP);
  t.equal(fine.statusCode, 200, 'the owner\'s own token still works');

  for (const deviceToken of [42, '', 'x'.repeat(201)]) {
    const res = await attempt(app, { login: owner.email, password: STUDENT_PASSWORD, deviceToken }, OWNER_IP);
    t.equal(res.statusCode, 400, `deviceToken ${JSON.stringify(deviceToken).slice(0, 12)}: 400`);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
});

t.test('when the OpenAPI document is asked for, then login documents deviceToken in its body and its answer', async (t) => {
  const { app } = await build(t);
  const login = (await app.inject('/openapi.json')).json().paths[url].post;
  const body = login.requestBody.content['application/json'].schema;
  t.match(body.properties.deviceToken, { type: 'string', maxLength: 200 });
  t.notOk(body.required.includes('deviceToken'), 'optional');
  t.same([...body.required].sort(), ['device', 'login', 'password'], 'the existing fields stay as they were');
  const answer = JSON.stringify(login.responses['200']);
  for (const field of ['accessToken', 'refreshToken', 'expiresIn', 'sessionId', 'deviceToken']) t.match(answer, `"${field}"`, field);
});
