import t from 'tap';
import { bearer, build, login, outbox, registerStudent, STUDENT_PASSWORD } from './helper.js';

const device = { id: 'phone', name: 'Phone' };

t.test('when a student who refused the offer signs in, then 403 names the offer, and accepting it restores the account', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const first = await login(app, s.email);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/me/offer-refusal', headers: bearer(first.accessToken) })).statusCode, 204);

  const refused = await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: s.email, password: STUDENT_PASSWORD, device } });
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { type: /offer-acceptance-required$/, code: 'offer-acceptance-required', offer: { version: 1, url: '/v1/identity/offers/1' } });
  t.match((await app.inject(refused.json().offer.url)).json(), { version: 1, text: { ru: String } });

  // A wrong password tells nothing about the refusal: the same 401 as an unknown login.
  const wrong = await app.inject({ method: 'POST', url: '/v1/identity/offer-acceptance', payload: { login: s.email, password: 'not the password 1', device } });
  t.equal(wrong.statusCode, 401);
  t.equal(wrong.json().code, 'invalid-credentials');
  const nobody = await app.inject({ method: 'POST', url: '/v1/identity/offer-acceptance', payload: { login: 'nobody@example.kz', password: 'not the password 1', device } });
  t.same({ status: nobody.statusCode, code: nobody.json().code }, { status: 401, code: 'invalid-credentials' });

  const stale = await app.inject({ method: 'POST', url: '/v1/identity/offer-acceptance', payload: { login: s.email, password: STUDENT_PASSWORD, device, offerVersion: 7 } });
  t.equal(stale.statusCode, 400);
  t.match(stale.json().errors, [{ field: '/version' }]);

  const accepted = await app.inject({
    method: 'POST', url: '/v1/identity/offer-acceptance', headers: { 'user-agent': 'UA/3' },
    payload: { login: s.email, password: STUDENT_PASSWORD, device, offerVersion: 1 },
  });
  t.equal(accepted.statusCode, 200, accepted.body);
  const me = await app.inject({ url: '/v1/identity/me', headers: bearer(accepted.json().accessToken) });
  t.match(me.json(), { status: 'active', acceptedOfferVersion: 1 });
  t.match(await outbox(pool, 'identity.offer.accepted.v1', s.userId), [{ userId: s.userId, version: 1, restoredAccess: true }]);
  const { rows } = await pool.query(`SELECT decision, user_agent FROM offer_decisions WHERE user_id = $1 ORDER BY id`, [s.userId]);
  t.same(rows.map((r) => r.decision), ['accepted', 'refused', 'accepted']);
  t.equal(rows[2].user_agent, 'UA/3');

  // What the refusal ended stays ended: the first session does not come back.
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(first.accessToken) })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: s.email, password: STUDENT_PASSWORD, device: { id: 'tablet', name: 'Tablet' } } })).statusCode, 200);
});

t.test('when an active student signs in through offer-acceptance, then the acceptance is recorded and no access was restored', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const res = await app.inject({ method: 'POST', url: '/v1/identity/offer-acceptance', payload: { login: s.phone, password: STUDENT_PASSWORD, device } });
  t.equal(res.statusCode, 200, res.body);
  t.match(await outbox(pool, 'identity.offer.accepted.v1', s.userId), [{ restoredAccess: false }]);
});

t.test('when a suspended student signs in with the right password, then the 403 carries the reason', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  await pool.query(`UPDATE users SET status = 'suspended', suspended_reason = 'Передача доступа третьим лицам' WHERE id = $1`, [s.userId]);
  const res = await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: s.email, password: STUDENT_PASSWORD, device } });
  t.equal(res.statusCode, 403);
  t.match(res.json(), { code: 'suspended', reason: 'Передача доступа третьим лицам' });
  const wrong = await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: s.email, password: 'wrong password 123', device } });
  t.equal(wrong.statusCode, 401);
  t.notOk('reason' in wrong.json());
});
