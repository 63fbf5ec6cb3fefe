import t from 'tap';
import { ADMIN, bearer, build, login, outbox, registration } from './helper.js';

t.test('when an admin publishes a version for later, then users are told now and it becomes current at effectiveAt', async (t) => {
  const start = new Date('2026-12-07T06:00:00Z');
  const { app, pool, clock } = await build(t, { now: start });
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const effectiveAt = '2026-12-20T00:00:00.000Z';
  const published = await app.inject({
    method: 'POST', url: '/v1/identity/admin/offers', headers: bearer(admin.accessToken),
    payload: { text: { kk: 'Екінші редакция', ru: 'Вторая редакция' }, summary: { kk: 'Өзгерістер', ru: 'Изменения' }, effectiveAt },
  });
  t.equal(published.statusCode, 201, published.body);
  t.same(published.json(), { version: 2, effectiveAt });
  t.match(await outbox(pool, 'identity.offer.published.v1'), [{ version: 2, effectiveAt, publishedAt: start.toISOString() }]);

  t.equal((await app.inject('/v1/identity/offers/current')).json().version, 1);
  const list = (await app.inject('/v1/identity/offers')).json().items;
  t.match(list, [
    { version: 2, effectiveAt, current: false, summary: { ru: 'Изменения' }, url: '/v1/identity/offers/2' },
    { version: 1, effectiveAt: '2026-01-01T00:00:00.000Z', current: true },
  ]);
  t.match((await app.inject('/v1/identity/offers/2')).json(), { version: 2, effectiveAt, text: { ru: 'Вторая редакция' } });
  // Registration takes the version in effect, not the one announced.
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/register', payload: registration({ offerVersion: 2 }) })).statusCode, 400);

  clock.set(new Date(effectiveAt));
  t.equal((await app.inject('/v1/identity/offers/current')).json().version, 2);
  t.match((await app.inject('/v1/identity/offers')).json().items, [{ version: 2, current: true }, { version: 1, current: false }]);
});

t.test('when effectiveAt is in the past or before the pending version, then 422 and nothing is published', async (t) => {
  const { app, pool } = await build(t, { now: new Date('2026-12-07T06:00:00Z') });
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const publish = (effectiveAt?: string) => app.inject({
    method: 'POST', url: '/v1/identity/admin/offers', headers: bearer(admin.accessToken),
    payload: { text: { kk: 'Мәтін', ru: 'Текст' }, ...(effectiveAt ? { effectiveAt } : {}) },
  });
  const past = await publish('2026-11-01T00:00:00Z');
  t.equal(past.statusCode, 422);
  t.match(past.json(), { code: 'offer-effective-at', errors: [{ field: '/effectiveAt' }] });
  t.equal((await publish('2027-01-01T00:00:00Z')).statusCode, 201);
  t.equal((await publish()).statusCode, 422, 'now would overtake the version announced for January');
  t.equal((await publish('not a date')).statusCode, 400);
  t.equal((await pool.query('SELECT count(*)::int AS n FROM offers')).rows[0].n, 2);
});

t.test('when an unknown or malformed version is asked for, then 404 or 400', async (t) => {
  const { app } = await build(t);
  t.equal((await app.inject('/v1/identity/offers/99')).statusCode, 404);
  t.equal((await app.inject('/v1/identity/offers/abc')).statusCode, 400);
  t.equal((await app.inject('/v1/identity/offers/1')).statusCode, 200);
});
