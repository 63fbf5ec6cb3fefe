import t from 'tap';
import { build, outbox, registration } from './helper.js';

const url = '/v1/identity/register';

t.test('when every field is wrong at once, then 400 lists each of them', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({
    method: 'POST', url,
    payload: {
      fullName: '   ', region: 'atlantis', email: 'not-an-email', phone: '+7 495 123 45 67', password: 'password',
      locale: 'en', acceptOffer: false, offerVersion: 7, favouriteColour: 'blue',
    },
  });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  t.same(fields, ['/acceptOffer', '/email', '/favouriteColour', '/fullName', '/locale', '/offerVersion', '/password', '/phone', '/region']);
});

t.test('when fields are missing or of the wrong type, then each is named alongside the domain errors', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url, payload: { email: 42, phone: '8 (701) 000-00-00', password: 'short', acceptOffer: 'yes' } });
  t.equal(res.statusCode, 400);
  const errors = new Map<string, string>(res.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
  t.same([...errors.keys()].sort(), ['/acceptOffer', '/email', '/fullName', '/locale', '/offerVersion', '/password', '/region']);
  t.match(errors.get('/password'), /at least 8/);
  t.match(errors.get('/fullName'), /required/);
});

t.test('when the password is common or is the e-mail, then 400 says so', async (t) => {
  const { app } = await build(t);
  const common = await app.inject({ method: 'POST', url, payload: registration({ password: 'qwerty123' }) });
  t.equal(common.statusCode, 400);
  t.match(common.json().errors, [{ field: '/password', message: /common/ }]);
  const body = registration();
  const same = await app.inject({ method: 'POST', url, payload: { ...body, password: body.email } });
  t.match(same.json().errors, [{ field: '/password', message: /e-mail/ }]);
});

t.test('when the body is not JSON or not an object, then 400 problem, never 500', async (t) => {
  const { app } = await build(t);
  const malformed = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"email":' });
  t.equal(malformed.statusCode, 400);
  t.equal(malformed.json().code, 'malformed-json');
  const array = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '[1,2]' });
  t.equal(array.statusCode, 400);
  const empty = await app.inject({ method: 'POST', url });
  t.equal(empty.statusCode, 400);
});

t.test('when the name holds a lone surrogate, then 400 names the field, never 500 (the event would not fit jsonb)', async (t) => {
  const { app, pool } = await build(t);
  const body = registration({ fullName: 'Дана \ud800 Кенже' });
  const res = await app.inject({ method: 'POST', url, payload: body });
  t.equal(res.statusCode, 400, res.body);
  t.match(res.json().errors, [{ field: '/fullName', message: /lone surrogate/ }]);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM users WHERE email_key = lower($1)', [body.email]);
  t.equal(rows[0].n, 0, 'nothing was written');
  const emoji = await app.inject({ method: 'POST', url, payload: registration({ fullName: 'Дана 🙂 Кенже' }) });
  t.equal(emoji.statusCode, 201, 'a surrogate pair (an emoji) is a character like any other');
});

t.test('when the registration is valid, then 201, the acceptance is stored with IP and user agent, and user.registered is in the outbox', async (t) => {
  const { app, pool } = await build(t);
  const body = registration({ phone: '8 (701) 555-12-34', email: 'Dana.K@Example.KZ', consents: { marketingEmail: true } });
  const res = await app.inject({
    method: 'POST', url, payload: body,
    headers: { 'user-agent': 'JooApp/1.0 (Android 14)', 'x-forwarded-for': '95.56.1.2' },
  });
  t.equal(res.statusCode, 201, res.body);
  const { userId } = res.json();
  t.match(userId, /^[0-9a-f-]{36}$/);

  const { rows: [acceptance] } = await pool.query(
    'SELECT offer_version, decision, ip, user_agent, decided_at FROM offer_decisions WHERE user_id = $1', [userId]);
  t.match(acceptance, { offer_version: 1, decision: 'accepted', ip: '95.56.1.2', user_agent: 'JooApp/1.0 (Android 14)' });
  t.ok(acceptance.decided_at instanceof Date);

  const { rows: [user] } = await pool.query('SELECT phone, email, email_key, password_hash, roles FROM users WHERE id = $1', [userId]);
  t.equal(user.phone, '+77015551234', 'the phone is stored as E.164');
  t.equal(user.email_key, 'dana.k@example.kz');
  t.match(user.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  t.same(user.roles, ['student']);

  const [event] = await outbox(pool, 'identity.user.registered.v1', userId);
  t.match(event, {
    userId, phone: '+77015551234', email: 'Dana.K@Example.KZ', region: 'almaty', locale: 'kk', roles: ['student'], offerVersion: 1,
    consents: { marketingEmail: true, marketingSms: false, marketingCalls: false, crossBorderTransfer: false },
  });
  t.notOk(JSON.stringify(event).includes(STUDENT_PASSWORD_MARKER), 'no password in the event');
  const { rows: history } = await pool.query('SELECT source, consents FROM consent_history WHERE user_id = $1', [userId]);
  t.match(history, [{ source: 'registration', consents: { marketingEmail: true } }]);
});
const STUDENT_PASSWORD_MARKER = 'Sunflower';

t.test('when the e-mail (any case) or the phone (any spelling) is taken, then 409 already-registered', async (t) => {
  const { app } = await build(t);
  const first = registration({ phone: '+7 701 222 33 44', email: 'aru@example.kz' });
  t.equal((await app.inject({ method: 'POST', url, payload: first })).statusCode, 201);

  const sameEmail = await app.inject({ method: 'POST', url, payload: registration({ email: 'ARU@example.KZ' }) });
  t.equal(sameEmail.statusCode, 409);
  t.match(sameEmail.json(), { code: 'already-registered', errors: [{ field: '/email' }] });

  const samePhone = await app.inject({ method: 'POST', url, payload: registration({ phone: '8-701-222-33-44' }) });
  t.equal(samePhone.statusCode, 409);
  t.match(samePhone.json(), { code: 'already-registered', errors: [{ field: '/phone' }] });
});

t.test('when two registrations of one e-mail race, then one is 201 and the other 409', async (t) => {
  const { app } = await build(t);
  const [a, b] = await Promise.all([
    app.inject({ method: 'POST', url, payload: registration({ email: 'race@example.kz' }) }),
    app.inject({ method: 'POST', url, payload: registration({ email: 'race@example.kz' }) }),
  ]);
  t.same([a.statusCode, b.statusCode].sort(), [201, 409]);
});

t.test('when the offer version is not the current one, then 400 names offerVersion', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url, payload: registration({ offerVersion: 2 }) });
  t.equal(res.statusCode, 400);
  t.match(res.json().errors, [{ field: '/offerVersion', message: /current offer version \(1\)/ }]);
});

t.test('when the regions are asked for, then the 17 regions and 3 cities come with kk and ru names', async (t) => {
  const { app } = await build(t);
  const res = await app.inject('/v1/identity/regions');
  t.equal(res.statusCode, 200);
  const items = res.json().items as Array<{ code: string; kind: string; name: { kk: string; ru: string } }>;
  t.equal(items.length, 20);
  t.equal(items.filter((r) => r.kind === 'city').length, 3);
  t.ok(items.every((r) => r.name.kk && r.name.ru));
});

t.test('when consents.crossBorder is given, then it is recorded and published as crossBorderTransfer; without it, it is false', async (t) => {
  const { app, pool } = await build(t);
  const given = await app.inject({ method: 'POST', url, payload: registration({ email: 'abroad@example.kz', phone: '+77015550001', consents: { crossBorder: true } }) });
  t.equal(given.statusCode, 201, given.body);
  const [event] = await outbox(pool, 'identity.user.registered.v1', given.json().userId);
  t.match(event, { consents: { crossBorderTransfer: true, marketingEmail: false } });
  const { rows: [stored] } = await pool.query('SELECT cross_border_transfer FROM consents WHERE user_id = $1', [given.json().userId]);
  t.equal(stored.cross_border_transfer, true);

  const alias = await app.inject({ method: 'POST', url, payload: registration({ email: 'alias@example.kz', phone: '+77015550002', consents: { crossBorderTransfer: true } }) });
  t.equal(alias.statusCode, 201, 'the name the consents route uses works too');
  t.match((await outbox(pool, 'identity.user.registered.v1', alias.json().userId))[0], { consents: { crossBorderTransfer: true } });

  const none = await app.inject({ method: 'POST', url, payload: registration({ email: 'home@example.kz', phone: '+77015550003' }) });
  t.match((await outbox(pool, 'identity.user.registered.v1', none.json().userId))[0], { consents: { crossBorderTransfer: false } }, 'never assumed');

  const both = await app.inject({ method: 'POST', url, payload: registration({ email: 'both@example.kz', phone: '+77015550004', consents: { crossBorder: true, crossBorderTransfer: false } }) });
  t.equal(both.statusCode, 400);
  t.match(both.json().errors, [{ field: '/consents/crossBorder' }]);
});
