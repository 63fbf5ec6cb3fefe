import t from 'tap';
import { bearer, build, login, outbox, registerStudent, STUDENT_PASSWORD } from './helper.js';

t.test('when a 4th device signs in, then 409 device-limit lists the 3 devices, least recently used first', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const first = await login(app, s.email, { device: 'd1' });
  await login(app, s.email, { device: 'd2' });
  await login(app, s.email, { device: 'd3' });
  const res = await app.inject({
    method: 'POST', url: '/v1/identity/login',
    payload: { login: s.email, password: STUDENT_PASSWORD, device: { id: 'd4', name: 'Device d4' } },
  });
  t.equal(res.statusCode, 409);
  const body = res.json();
  t.equal(body.code, 'device-limit');
  t.equal(body.devices.length, 3);
  t.match(body.devices[0], { sessionId: first.sessionId, name: 'Device d1', lastSeenAt: /^\d{4}-/ });
  t.same(body.devices.map((d: { name: string }) => d.name), ['Device d1', 'Device d2', 'Device d3']);
  t.equal((await outbox(pool, 'identity.session.started.v1', s.userId)).length, 3);
});

t.test('when the 4th device asks evictOldest, then the least recently used is signed out and its token refused', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const d1 = await login(app, s.email, { device: 'd1' });
  const d2 = await login(app, s.email, { device: 'd2' });
  await login(app, s.email, { device: 'd3' });
  // d1 refreshes, so d2 becomes the least recently used
  const refreshed = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: d1.refreshToken } });
  t.equal(refreshed.statusCode, 200);
  const d4 = await login(app, s.email, { device: 'd4', evictOldest: true });
  t.ok(d4.sessionId);

  const evicted = await app.inject({ url: '/v1/identity/me', headers: bearer(d2.accessToken) });
  t.equal(evicted.statusCode, 401);
  t.equal(evicted.json().code, 'session-revoked');
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(d1.accessToken) })).statusCode, 200);
  const [revoked] = await outbox(pool, 'identity.session.revoked.v1', s.userId);
  t.match(revoked, { userId: s.userId, sessionId: d2.sessionId, reason: 'evicted', deviceName: 'Device d2' });
  const sessions = await app.inject({ url: '/v1/identity/sessions', headers: bearer(d4.accessToken) });
  t.equal(sessions.json().items.length, 3);
});

t.test('when a known device signs in again, then it reuses its slot and its old refresh token dies', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const a = await login(app, s.email, { device: 'd1' });
  await login(app, s.email, { device: 'd2' });
  await login(app, s.email, { device: 'd3' });
  const again = await login(app, s.email, { device: 'd1' });
  t.equal(again.sessionId, a.sessionId);
  const old = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: a.refreshToken } });
  t.equal(old.statusCode, 401);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(again.accessToken) })).statusCode, 200, 'the replaced token does not end the session');
  const next = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: again.refreshToken } });
  t.equal(next.statusCode, 200);
  const sessions = await app.inject({ url: '/v1/identity/sessions', headers: bearer(again.accessToken) });
  t.equal(sessions.json().items.length, 3, 'still three devices');
});

t.test('when 5 devices sign in at once, then no more than 3 sessions are active', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => app.inject({
    method: 'POST', url: '/v1/identity/login',
    payload: { login: s.email, password: STUDENT_PASSWORD, device: { id: `c${i}`, name: `C${i}` } },
  })));
  t.equal(results.filter((r) => r.statusCode === 200).length, 3);
  t.equal(results.filter((r) => r.statusCode === 409).length, 2);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [s.userId]);
  t.equal(rows[0].n, 3);
});

t.test('when a refresh token is used, then a new pair comes; when it is used again, then 401 and the session is revoked', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const first = await login(app, s.email);
  const rotated = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: first.refreshToken } });
  t.equal(rotated.statusCode, 200);
  const second = rotated.json();
  t.equal(second.sessionId, first.sessionId);
  t.not(second.refreshToken, first.refreshToken);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(second.accessToken) })).statusCode, 200);

  const reuse = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: first.refreshToken } });
  t.equal(reuse.statusCode, 401);
  t.equal(reuse.json().code, 'invalid-refresh-token');
  const newer = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: second.refreshToken } });
  t.equal(newer.statusCode, 401, 'the whole session is gone, the newest token too');
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(second.accessToken) })).statusCode, 401);
  const events = await outbox(pool, 'identity.session.revoked.v1', s.userId);
  t.match(events, [{ sessionId: first.sessionId, reason: 'refresh_reuse' }]);

  const { rows } = await pool.query('SELECT token_hash FROM refresh_tokens');
  t.ok(rows.every((r) => !r.token_hash.toString('utf8').includes(first.refreshToken)), 'only hashes are stored');
});

t.test('when the refresh token is unknown or malformed, then 401 or 400', async (t) => {
  const { app } = await build(t);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: 'nope' } })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: 7 } })).statusCode, 400);
});

t.test('when the user logs out, then 204 and the access token is refused at once', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const tokens = await login(app, s.email);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(tokens.accessToken) })).statusCode, 200);
  const out = await app.inject({ method: 'POST', url: '/v1/identity/logout', headers: bearer(tokens.accessToken) });
  t.equal(out.statusCode, 204);
  const after = await app.inject({ url: '/v1/identity/me', headers: bearer(tokens.accessToken) });
  t.equal(after.statusCode, 401);
  t.match(await outbox(pool, 'identity.session.revoked.v1', s.userId), [{ sessionId: tokens.sessionId, reason: 'logout' }]);
  t.equal((await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: tokens.refreshToken } })).statusCode, 401);
});

t.test('when sessions are listed, then the current one is marked; when one is deleted, then its token is refused', async (t) => {
  const { app } = await build(t);
  const s = await registerStudent(app);
  const laptop = await login(app, s.email, { device: 'laptop' });
  const phone = await login(app, s.email, { device: 'phone' });
  const list = await app.inject({ url: '/v1/identity/sessions', headers: bearer(laptop.accessToken) });
  t.equal(list.statusCode, 200);
  const items = list.json().items as Array<{ sessionId: string; current: boolean; name: string }>;
  t.equal(items.length, 2);
  t.same(items.filter((i) => i.current).map((i) => i.sessionId), [laptop.sessionId]);

  const del = await app.inject({ method: 'DELETE', url: `/v1/identity/sessions/${phone.sessionId}`, headers: bearer(laptop.accessToken) });
  t.equal(del.statusCode, 204);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(phone.accessToken) })).statusCode, 401);
  const again = await app.inject({ method: 'DELETE', url: `/v1/identity/sessions/${phone.sessionId}`, headers: bearer(laptop.accessToken) });
  t.equal(again.statusCode, 404);
});

t.test("when a user deletes another user's session, then 404 and that session lives", async (t) => {
  const { app } = await build(t);
  const a = await registerStudent(app);
  const b = await registerStudent(app);
  const ta = await login(app, a.email);
  const tb = await login(app, b.email);
  const res = await app.inject({ method: 'DELETE', url: `/v1/identity/sessions/${tb.sessionId}`, headers: bearer(ta.accessToken) });
  t.equal(res.statusCode, 404);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(tb.accessToken) })).statusCode, 200);
  const bad = await app.inject({ method: 'DELETE', url: '/v1/identity/sessions/not-a-uuid', headers: bearer(ta.accessToken) });
  t.equal(bad.statusCode, 400);
});

t.test('when no or a forged token is sent, then 401', async (t) => {
  const { app } = await build(t);
  t.equal((await app.inject('/v1/identity/sessions')).statusCode, 401);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.') })).statusCode, 401);
});

t.test('when a refresh races a revocation, then the refresh waits for it and is refused', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const tokens = await login(app, s.email, { device: 'racer' });
  const revoker = await pool.connect();
  t.teardown(() => revoker.release());
  await revoker.query('BEGIN');
  await revoker.query("UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1", [tokens.sessionId]);
  const refreshing = app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: tokens.refreshToken } });
  await new Promise((resolve) => setTimeout(resolve, 200)); // the refresh is now waiting on the session row
  await revoker.query('COMMIT');
  t.equal((await refreshing).statusCode, 401, 'no tokens for a session revoked meanwhile');
  const { rows } = await pool.query('SELECT last_seen_at <= revoked_at AS untouched FROM sessions WHERE id = $1', [tokens.sessionId]);
  t.equal(rows[0].untouched, true);
});

t.test('when a known device signs in while its session is being signed out, then it gets a new session', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const first = await login(app, s.email, { device: 'same' });
  const revoker = await pool.connect();
  t.teardown(() => revoker.release());
  await revoker.query('BEGIN');
  await revoker.query("UPDATE sessions SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1", [first.sessionId]);
  const again = login(app, s.email, { device: 'same' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await revoker.query('COMMIT');
  const second = await again;
  t.not(second.sessionId, first.sessionId, 'the revoked session was not revived');
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [s.userId]);
  t.equal(rows[0].n, 1);
});

t.test('when a session has not been seen for longer than a refresh token lives, then it no longer takes a device slot', async (t) => {
  const { app, pool, clock } = await build(t, { now: new Date('2026-01-05T09:00:00Z') });
  const s = await registerStudent(app);
  const stale = await login(app, s.email, { device: 'old-phone' });
  await login(app, s.email, { device: 'd2' });
  await login(app, s.email, { device: 'd3' });
  clock.set(new Date('2026-02-10T09:00:00Z')); // 36 days later
  await pool.query("UPDATE sessions SET last_seen_at = '2026-02-09T09:00:00Z' WHERE device_id <> 'old-phone'");
  const fourth = await login(app, s.email, { device: 'd4' });
  t.ok(fourth.sessionId, 'the 4th device signs in: the stale session does not count');
  const back = await login(app, s.email, { device: 'old-phone', evictOldest: true });
  t.not(back.sessionId, stale.sessionId, 'the old device comes back with a new session, not a 500');
});
