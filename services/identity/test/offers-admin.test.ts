import t from 'tap';
import { ADMIN, bearer, build, login, outbox, registerStudent, student } from './helper.js';

t.test('when the current offer is asked for, then version 1 with kk and ru text', async (t) => {
  const { app } = await build(t);
  const res = await app.inject('/v1/identity/offers/current');
  t.equal(res.statusCode, 200);
  const offer = res.json();
  t.equal(offer.version, 1);
  t.equal(offer.publishedAt, '2026-01-01T00:00:00.000Z');
  t.ok(offer.text.kk.length > 1000 && offer.text.ru.length > 1000);
});

t.test('when an admin publishes an offer, then it is current, offer.published is out, and only it can be accepted', async (t) => {
  const { app, pool } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const s = await student(app);
  const published = await app.inject({
    method: 'POST', url: '/v1/identity/admin/offers', headers: bearer(admin.accessToken),
    payload: { text: { kk: 'Жаңа оферта', ru: 'Новая оферта' }, summary: { kk: 'Өзгерістер', ru: 'Изменения' } },
  });
  t.equal(published.statusCode, 201, published.body);
  t.match(published.json(), { version: 2, effectiveAt: String });
  t.match((await app.inject('/v1/identity/offers/current')).json(), { version: 2, text: { ru: 'Новая оферта' } });
  t.match(await outbox(pool, 'identity.offer.published.v1'), [{ version: 2, summary: { ru: 'Изменения' } }]);

  const old = await app.inject({ method: 'POST', url: '/v1/identity/me/offer-acceptance', headers: bearer(s.tokens.accessToken), payload: { version: 1 } });
  t.equal(old.statusCode, 400);
  t.match(old.json().errors, [{ field: '/version' }]);
  const accept = await app.inject({
    method: 'POST', url: '/v1/identity/me/offer-acceptance', headers: { ...bearer(s.tokens.accessToken), 'user-agent': 'UA/2' }, payload: { version: 2 },
  });
  t.equal(accept.statusCode, 200);
  t.match(accept.json(), { version: 2 });
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) })).json().acceptedOfferVersion, 2);

  const studentTry = await app.inject({
    method: 'POST', url: '/v1/identity/admin/offers', headers: bearer(s.tokens.accessToken), payload: { text: { kk: 'x', ru: 'y' } },
  });
  t.equal(studentTry.statusCode, 403);
});

t.test('when the offer is refused, then the account is offer-refused, all sessions revoked and offer.refused published', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const a = await login(app, s.email, { device: 'a' });
  const b = await login(app, s.email, { device: 'b' });
  const res = await app.inject({ method: 'POST', url: '/v1/identity/me/offer-refusal', headers: bearer(a.accessToken) });
  t.equal(res.statusCode, 204);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(b.accessToken) })).statusCode, 401);
  t.match(await outbox(pool, 'identity.offer.refused.v1', s.userId), [{ userId: s.userId, version: 1 }]);
  const revoked = await outbox(pool, 'identity.session.revoked.v1', s.userId);
  t.same(revoked.map((e) => e.reason), ['offer_refused', 'offer_refused']);
  const { rows: [row] } = await pool.query('SELECT status FROM users WHERE id = $1', [s.userId]);
  t.equal(row.status, 'offer-refused');
});

t.test('when a student calls admin endpoints, then 403', async (t) => {
  const { app } = await build(t);
  const s = await student(app);
  const auth = bearer(s.tokens.accessToken);
  t.equal((await app.inject({ url: '/v1/identity/admin/users', headers: auth })).statusCode, 403);
  t.equal((await app.inject({ method: 'POST', url: `/v1/identity/admin/users/${s.userId}/suspend`, headers: auth, payload: { reason: 'x' } })).statusCode, 403);
  t.equal((await app.inject({ method: 'POST', url: `/v1/identity/admin/users/${s.userId}/reinstate`, headers: auth })).statusCode, 403);
  t.equal((await app.inject({ url: '/v1/identity/admin/users' })).statusCode, 401);
});

t.test('when an admin searches users, then matches by name, e-mail or phone come in pages', async (t) => {
  const { app } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const auth = bearer(admin.accessToken);
  await registerStudent(app, { fullName: 'Ерлан Жумабаев', email: 'erlan@example.kz', phone: '+77051112233' });
  for (let i = 0; i < 4; i += 1) await registerStudent(app, { fullName: `Студент ${i}` });

  const byName = (await app.inject({ url: `/v1/identity/admin/users?q=${encodeURIComponent('жумабаев')}`, headers: auth })).json();
  t.match(byName.items, [{ email: 'erlan@example.kz', phone: '+77051112233', status: 'active', roles: ['student'] }]);
  t.equal(byName.items.length, 1);
  t.notOk('iin' in byName.items[0] || 'passwordHash' in byName.items[0]);
  t.equal((await app.inject({ url: '/v1/identity/admin/users?q=ERLAN@', headers: auth })).json().items.length, 1);
  t.equal((await app.inject({ url: `/v1/identity/admin/users?q=${encodeURIComponent('8 705 111')}`, headers: auth })).json().items.length, 1);
  t.equal((await app.inject({ url: '/v1/identity/admin/users?q=%25', headers: auth })).json().items.length, 0, 'wildcards are literal');

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await app.inject({ url: `/v1/identity/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: auth })).json() as { items: Array<{ id: string }>; nextCursor: string | null };
    t.ok(page.items.length <= 2);
    seen.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.equal(seen.length, 6, 'five students and the admin');
  t.equal(new Set(seen).size, 6);
  t.equal((await app.inject({ url: '/v1/identity/admin/users?cursor=garbage', headers: auth })).statusCode, 400);
  t.equal((await app.inject({ url: '/v1/identity/admin/users?limit=500', headers: auth })).statusCode, 400);
});

t.test('when an admin suspends a user, then all their sessions end at once; reinstating lets them sign in again', async (t) => {
  const { app, pool } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const auth = bearer(admin.accessToken);
  const s = await registerStudent(app);
  const a = await login(app, s.email, { device: 'a' });
  const b = await login(app, s.email, { device: 'b' });

  const res = await app.inject({ method: 'POST', url: `/v1/identity/admin/users/${s.userId}/suspend`, headers: auth, payload: { reason: 'abuse' } });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { id: s.userId, status: 'suspended' });
  for (const tokens of [a, b]) t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(tokens.accessToken) })).statusCode, 401);
  t.match(await outbox(pool, 'identity.user.suspended.v1', s.userId), [{ userId: s.userId, reason: 'abuse' }]);
  t.equal((await outbox(pool, 'identity.session.revoked.v1', s.userId)).filter((e) => e.reason === 'suspended').length, 2);

  const back = await app.inject({ method: 'POST', url: `/v1/identity/admin/users/${s.userId}/reinstate`, headers: auth });
  t.equal(back.statusCode, 200);
  t.match(back.json(), { status: 'active' });
  t.match(await outbox(pool, 'identity.user.reinstated.v1', s.userId), [{ userId: s.userId }]);
  t.ok(await login(app, s.email, { device: 'a' }));

  const missing = await app.inject({ method: 'POST', url: '/v1/identity/admin/users/00000000-0000-4000-8000-000000000000/suspend', headers: auth, payload: { reason: 'x' } });
  t.equal(missing.statusCode, 404);
  const malformed = await app.inject({ method: 'POST', url: '/v1/identity/admin/users/123/suspend', headers: auth, payload: {} });
  t.equal(malformed.statusCode, 400);
});
