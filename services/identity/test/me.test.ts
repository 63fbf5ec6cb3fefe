import { randomUUID } from 'node:crypto';
import t from 'tap';
import { countRoundTrips } from '@joo/testing';
import { validateIin } from '../src/domain/iin.js';
import { createAccessTokenIssuer } from '../src/tokens/access.js';
import { bearer, build, outbox, student } from './helper.js';

/** A valid IIN for a birth date and a serial: the control digit is found by trying each. */
function iinFor(yymmdd: string, centuryGender: number, serial: string): string {
  for (let d = 0; d <= 9; d += 1) {
    const candidate = `${yymmdd}${centuryGender}${serial}${d}`;
    if (validateIin(candidate).ok) return candidate;
  }
  return iinFor(yymmdd, centuryGender, String(Number(serial) + 1).padStart(4, '0'));
}

const IIN = iinFor('070512', 5, '0123');
const OTHER_IIN = iinFor('060101', 6, '0456');

t.test('when the profile is filled with an IIN, then it is returned to its owner and encrypted at rest', async (t) => {
  const { app, pool } = await build(t);
  const s = await student(app);
  const res = await app.inject({
    method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken),
    payload: {
      iin: IIN, birthDate: '2007-05-12', gender: 'male', address: 'Алматы, ул. Абая 1', untLanguage: 'kk',
      untDate: '2026-06-20', untPlace: 'КазНУ', profileSubjects: ['math', 'physics'], untScores: { math: 35, physics: 40 },
      grantResult: 'awarded', locale: 'ru',
    },
  });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { iin: IIN, birthDate: '2007-05-12', untScores: { math: 35, physics: 40 }, locale: 'ru' });

  const me = (await app.inject({ url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) })).json();
  t.equal(me.iin, IIN);
  t.same(me.profileSubjects, ['math', 'physics']);
  t.notOk('passwordHash' in me || 'password_hash' in me || 'iinCiphertext' in me, 'no secrets in the answer');

  const { rows: [row] } = await pool.query('SELECT * FROM users WHERE id = $1', [s.userId]);
  const raw = JSON.stringify(row) + row.iin_ciphertext.toString('latin1') + row.iin_ciphertext.toString('hex');
  t.notOk(raw.includes(IIN), 'the IIN is nowhere in the row in clear');
  t.ok(row.iin_ciphertext.length > 12 + 16, 'IV, tag and ciphertext are stored');

  const [event] = (await outbox(pool, 'identity.user.profile_updated.v1', s.userId)).slice(-1);
  t.match(event, { userId: s.userId, locale: 'ru', profileSubjects: ['math', 'physics'], untScores: { math: 35, physics: 40 } });
  t.same((event as { filled: string[] }).filled, ['iin', 'birthDate', 'gender', 'address', 'untLanguage', 'untDate', 'untPlace', 'profileSubjects', 'untScores', 'grantResult']);
  t.notOk(JSON.stringify(event).includes(IIN), 'the event carries no IIN');
});

t.test('when a field is set to null, then it is deleted', async (t) => {
  const { app, pool } = await build(t);
  const s = await student(app);
  const auth = bearer(s.tokens.accessToken);
  await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: auth, payload: { iin: IIN, address: 'Астана', gender: 'female' } });
  const res = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: auth, payload: { iin: null, address: null } });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { iin: null, address: null, gender: 'female' });
  const { rows: [row] } = await pool.query('SELECT iin_ciphertext, iin_index, profile FROM users WHERE id = $1', [s.userId]);
  t.equal(row.iin_ciphertext, null);
  t.equal(row.iin_index, null);
  t.same(row.profile, { gender: 'female' });
  const [event] = (await outbox(pool, 'identity.user.profile_updated.v1', s.userId)).slice(-1);
  t.same((event as { filled: string[] }).filled, ['gender']);
});

t.test('when the IIN belongs to another account, then 409 iin-taken', async (t) => {
  const { app } = await build(t);
  const a = await student(app);
  const b = await student(app);
  t.equal((await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(a.tokens.accessToken), payload: { iin: OTHER_IIN } })).statusCode, 200);
  const res = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(b.tokens.accessToken), payload: { iin: OTHER_IIN } });
  t.equal(res.statusCode, 409);
  t.equal(res.json().code, 'iin-taken');
  const same = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(a.tokens.accessToken), payload: { iin: OTHER_IIN } });
  t.equal(same.statusCode, 200, 'setting your own IIN again is fine');
});

t.test('when the profile has bad values, then 400 lists each', async (t) => {
  const { app } = await build(t);
  const s = await student(app);
  const badChecksum = `${IIN.slice(0, 11)}${(Number(IIN[11]) + 1) % 10}`;
  const res = await app.inject({
    method: 'PATCH', url: '/v1/identity/me', headers: bearer(s.tokens.accessToken),
    payload: { iin: badChecksum, birthDate: '2007-13-40', gender: 'x', untScores: { math: 500 }, phone: '+1 555 0100', region: 'mars', password: 'x' },
  });
  t.equal(res.statusCode, 400);
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  t.same(fields, ['/birthDate', '/gender', '/iin', '/password', '/phone', '/region', '/untScores/math']);
});

t.test('when the e-mail is changed to one taken, then 409; to a free one, then it is the new login', async (t) => {
  const { app } = await build(t);
  const a = await student(app);
  const b = await student(app);
  const taken = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(b.tokens.accessToken), payload: { email: a.email.toUpperCase() } });
  t.equal(taken.statusCode, 409);
  const free = await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: bearer(b.tokens.accessToken), payload: { email: 'new.address@example.kz', phone: '8 777 123 45 67' } });
  t.equal(free.statusCode, 200);
  t.match(free.json(), { email: 'new.address@example.kz', phone: '+77771234567' });
});

t.test('when consents are set, then they are returned, kept in the history and published', async (t) => {
  const { app, pool } = await build(t);
  const s = await student(app);
  const auth = bearer(s.tokens.accessToken);
  const initial = await app.inject({ url: '/v1/identity/me/consents', headers: auth });
  t.same(initial.json(), { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: false });
  const next = { marketingEmail: true, marketingSms: false, marketingCalls: true, crossBorderTransfer: true };
  const put = await app.inject({ method: 'PUT', url: '/v1/identity/me/consents', headers: auth, payload: next });
  t.equal(put.statusCode, 200);
  t.same(put.json(), next);
  t.same((await app.inject({ url: '/v1/identity/me/consents', headers: auth })).json(), next);
  await app.inject({ method: 'PUT', url: '/v1/identity/me/consents', headers: auth, payload: next });

  const events = await outbox(pool, 'identity.consent.changed.v1', s.userId);
  t.equal(events.length, 1, 'an unchanged PUT publishes nothing');
  t.match(events[0], { userId: s.userId, consents: next });
  const { rows } = await pool.query('SELECT source, consents FROM consent_history WHERE user_id = $1 ORDER BY id', [s.userId]);
  t.same(rows.map((r) => r.source), ['registration', 'user']);

  const partial = await app.inject({ method: 'PUT', url: '/v1/identity/me/consents', headers: auth, payload: { marketingEmail: 'yes' } });
  t.equal(partial.statusCode, 400);
});

t.test('when the app starts, then GET /me answers the profile and the accepted offer in one round trip', async (t) => {
  const { app, pool } = await build(t);
  const s = await student(app);
  const trips = countRoundTrips(pool);
  const res = await app.inject({ url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) });
  t.equal(res.statusCode, 200, res.body);
  t.match(res.json(), { id: s.userId, email: s.email, status: 'active', roles: ['student'], acceptedOfferVersion: 1, iin: null });
  t.equal(trips.sent.length, 1, 'the session check, the user and the offer in one statement');
});

t.test('when the session of a valid token is signed out or unknown, then GET /me refuses it with 401 session-revoked', async (t) => {
  const { app, signingKey } = await build(t);
  const s = await student(app);
  const auth = bearer(s.tokens.accessToken);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: auth })).statusCode, 200);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/logout', headers: auth })).statusCode, 204);
  const signedOut = await app.inject({ url: '/v1/identity/me', headers: auth });
  t.equal(signedOut.statusCode, 401);
  t.equal(signedOut.json().code, 'session-revoked');

  const tokens = createAccessTokenIssuer({ key: signingKey, issuer: 'joo-identity', audience: 'joo-platform' });
  for (const [claims, why] of [
    [{ sub: s.userId, sid: randomUUID() }, 'a session that never existed'],
    [{ sub: s.userId, sid: 'not-a-session' }, 'a session id that is no uuid'],
    [{ sub: randomUUID(), sid: randomUUID() }, 'neither the user nor the session exists'],
  ] as const) {
    const res = await app.inject({ url: '/v1/identity/me', headers: bearer(tokens.issue({ ...claims, roles: ['student'] })) });
    t.equal(res.statusCode, 401, why);
    t.equal(res.json().code, 'session-revoked', why);
  }
  const forged = await app.inject({ url: '/v1/identity/me', headers: bearer(`${s.tokens.accessToken.slice(0, -4)}AAAA`) });
  t.equal(forged.statusCode, 401, 'the signature is still checked');
  t.equal(forged.json().code, 'invalid-token');
});

t.test('when several apps start at once, then their GET /me share one query and each gets its own answer', async (t) => {
  const { app, pool, signingKey } = await build(t);
  const [a, b, c] = [await student(app), await student(app), await student(app)];
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/logout', headers: bearer(c.tokens.accessToken) })).statusCode, 204);
  const tokens = createAccessTokenIssuer({ key: signingKey, issuer: 'joo-identity', audience: 'joo-platform' });
  const noSuchUser = tokens.issue({ sub: 'not-a-user-id', sid: a.tokens.sessionId, roles: ['student'] });
  const callers = [a.tokens.accessToken, b.tokens.accessToken, c.tokens.accessToken, noSuchUser, a.tokens.accessToken];
  // Each token once first: its signature is checked the first time only, so the requests below
  // reach the read in the same turn of the event loop.
  for (const token of callers) await app.inject({ url: '/v1/identity/me', headers: bearer(token) });

  const trips = countRoundTrips(pool);
  const answers = await Promise.all(callers.map((token) => app.inject({ url: '/v1/identity/me', headers: bearer(token) })));
  t.equal(trips.sent.length, 1, 'five requests, one statement');
  t.same(answers.map((r) => r.statusCode), [200, 200, 401, 404, 200]);
  t.match(answers[0]!.json(), { id: a.userId, email: a.email });
  t.match(answers[1]!.json(), { id: b.userId, email: b.email });
  t.equal(answers[2]!.json().code, 'session-revoked', 'the signed-out session is refused though read with the others');
  t.match(answers[4]!.json(), { id: a.userId, email: a.email });
});
