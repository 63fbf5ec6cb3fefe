import t from 'tap';
import { ADMIN, bearer, build, login, outbox, student } from './helper.js';

t.test('when an admin warns a student, then the reason is in GET /me and identity.user.warned is out', async (t) => {
  const { app, pool } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const s = await student(app);
  const warn = (reason: string, id = s.userId, token = admin.accessToken) => app.inject({
    method: 'POST', url: `/v1/identity/admin/users/${id}/warnings`, headers: bearer(token), payload: { reason },
  });
  const first = await warn('  Оскорбления в комментариях  ');
  t.equal(first.statusCode, 201, first.body);
  t.match(first.json(), { userId: s.userId, reason: 'Оскорбления в комментариях', issuedAt: String });
  await warn('Повторное нарушение п. 7.1.3');

  const me = (await app.inject({ url: '/v1/identity/me', headers: bearer(s.tokens.accessToken) })).json();
  t.same(me.warnings.map((w: { reason: string }) => w.reason), ['Повторное нарушение п. 7.1.3', 'Оскорбления в комментариях']);
  t.equal(me.suspension, null);
  t.match(await outbox(pool, 'identity.user.warned.v1', s.userId), [
    { userId: s.userId, warningId: first.json().id, reason: 'Оскорбления в комментариях' }, { reason: 'Повторное нарушение п. 7.1.3' },
  ]);

  t.equal((await warn('   ')).statusCode, 400);
  t.equal((await warn('x', '6f1c1d6e-2f51-4a39-9c5e-0a4a1a0c2b11')).statusCode, 404);
  t.equal((await warn('x', 'not-a-uuid')).statusCode, 400);
  t.equal((await warn('x', s.userId, s.tokens.accessToken)).statusCode, 403);
});

t.test('when a student is suspended, then GET /me of a later session would show the reason (read straight from the row)', async (t) => {
  const { app, pool } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const s = await student(app);
  const res = await app.inject({
    method: 'POST', url: `/v1/identity/admin/users/${s.userId}/suspend`, headers: bearer(admin.accessToken), payload: { reason: 'Передача доступа' },
  });
  t.equal(res.statusCode, 200);
  const { rows: [row] } = await pool.query('SELECT status, suspended_reason FROM users WHERE id = $1', [s.userId]);
  t.same(row, { status: 'suspended', suspended_reason: 'Передача доступа' });
  // The suspended user has no session left: the reason reaches them at sign-in (403) and by message.
  const signIn = await app.inject({ method: 'POST', url: '/v1/identity/login', payload: { login: s.email, password: 'Sunflower-Astana-2007', device: { id: 'x', name: 'X' } } });
  t.match(signIn.json(), { code: 'suspended', reason: 'Передача доступа' });
  t.match(await outbox(pool, 'identity.user.suspended.v1', s.userId), [{ reason: 'Передача доступа' }]);
});

t.test('when an admin enters an erasure request received by e-mail, then the deadline counts from receivedAt', async (t) => {
  const now = new Date('2026-12-07T06:00:00Z');
  const { app, pool } = await build(t, { now });
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const s = await student(app);
  const enter = (body: Record<string, unknown>, id = s.userId) => app.inject({
    method: 'POST', url: `/v1/identity/admin/users/${id}/erasure-request`, headers: bearer(admin.accessToken), payload: body,
  });
  // Received on 30 November (Almaty): due 1 December, i.e. already due now.
  const res = await enter({ userId: s.userId, receivedAt: '2026-11-30T10:00:00+05:00' });
  t.equal(res.statusCode, 202, res.body);
  t.same(res.json(), { scheduledFor: '2026-12-01', receivedAt: '2026-11-30T05:00:00.000Z' });
  t.match(await outbox(pool, 'identity.user.erasure_scheduled.v1', s.userId), [{ scheduledFor: '2026-12-01', noticeEmail: s.email }]);
  const { rows: [row] } = await pool.query('SELECT entered_by, received_at FROM erasure_requests WHERE user_id = $1', [s.userId]);
  t.ok(row.entered_by);
  t.equal(row.received_at.toISOString(), '2026-11-30T05:00:00.000Z');

  // The user asking in the app afterwards keeps the earlier date.
  const own = await app.inject({ method: 'POST', url: '/v1/identity/me/erasure-request', headers: bearer(s.tokens.accessToken), payload: {} });
  t.same(own.json(), { scheduledFor: '2026-12-01' });

  t.equal((await enter({ receivedAt: '2026-12-08T00:00:00Z' })).statusCode, 400, 'future');
  t.equal((await enter({ receivedAt: '2025-01-01T00:00:00Z' })).statusCode, 400, 'too old');
  t.equal((await enter({ userId: admin.sessionId, receivedAt: '2026-12-01T00:00:00Z' })).statusCode, 400, 'another user in the body');
  t.equal((await enter({})).statusCode, 400);
  t.equal((await enter({ receivedAt: '2026-12-01T00:00:00Z' }, '6f1c1d6e-2f51-4a39-9c5e-0a4a1a0c2b11')).statusCode, 404);
});

t.test('when a request received by e-mail is earlier than the pending one, then the date moves forward', async (t) => {
  const { app } = await build(t, { now: new Date('2026-12-07T06:00:00Z') });
  const admin = await login(app, ADMIN.email, { password: ADMIN.password, device: 'admin' });
  const s = await student(app);
  const own = await app.inject({ method: 'POST', url: '/v1/identity/me/erasure-request', headers: bearer(s.tokens.accessToken), payload: {} });
  t.same(own.json(), { scheduledFor: '2027-01-01' });
  const entered = await app.inject({
    method: 'POST', url: `/v1/identity/admin/users/${s.userId}/erasure-request`, headers: bearer(admin.accessToken),
    payload: { receivedAt: '2026-11-20T09:00:00Z' },
  });
  t.same(entered.json(), { scheduledFor: '2026-12-01', receivedAt: '2026-11-20T09:00:00.000Z' });
});
