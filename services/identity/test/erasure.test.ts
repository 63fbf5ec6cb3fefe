import t from 'tap';
import { runDueErasures } from '../src/jobs/erasure.js';
import { bearer, build, outbox, student, STUDENT_PASSWORD } from './helper.js';

t.test('when erasure is requested, then 202 with the first day of next month in Almaty, and asking again gives the same date', async (t) => {
  // 31 January 20:00 UTC is already 1 February in Almaty, so the erasure is for 1 March.
  const { app, pool } = await build(t, { now: new Date('2026-01-31T20:00:00Z') });
  const s = await student(app);
  const auth = bearer(s.tokens.accessToken);
  const res = await app.inject({ method: 'POST', url: '/v1/identity/me/erasure-request', headers: auth });
  t.equal(res.statusCode, 202, res.body);
  t.same(res.json(), { scheduledFor: '2026-03-01' });
  const again = await app.inject({ method: 'POST', url: '/v1/identity/me/erasure-request', headers: auth, payload: { email: 'other@example.kz' } });
  t.same(again.json(), { scheduledFor: '2026-03-01' });
  const events = await outbox(pool, 'identity.user.erasure_scheduled.v1', s.userId);
  t.equal(events.length, 1);
  t.match(events[0], { userId: s.userId, scheduledFor: '2026-03-01', noticeEmail: s.email, locale: 'kk' });
});

t.test('when the erasure is due, then personal data is gone, sessions are revoked, device tokens deleted and user.erased is in the outbox', async (t) => {
  const built = await build(t, { now: new Date('2026-04-15T09:00:00Z') });
  const { app, pool, clock } = built;
  const s = await student(app);
  const keep = await student(app);
  const auth = bearer(s.tokens.accessToken);
  await app.inject({ method: 'PATCH', url: '/v1/identity/me', headers: auth, payload: { address: 'Шымкент', gender: 'female' } });
  const req = await app.inject({ method: 'POST', url: '/v1/identity/me/erasure-request', headers: auth, payload: { email: 'notify-me@example.kz' } });
  t.same(req.json(), { scheduledFor: '2026-05-01' });

  t.equal(await runDueErasures({ pool, now: new Date('2026-04-30T18:59:00Z') }), 0, 'not yet: 23:59 in Almaty on 30 April');
  t.equal(await runDueErasures({ pool, now: new Date('2026-04-30T19:00:00Z') }), 1, 'due at 00:00 Almaty on 1 May');
  t.equal(await runDueErasures({ pool, now: new Date('2026-05-02T00:00:00Z') }), 0, 'done once');

  const { rows: [row] } = await pool.query('SELECT * FROM users WHERE id = $1', [s.userId]);
  t.match(row, {
    id: s.userId, status: 'erased', full_name: null, email: null, email_key: null, phone: null, region: null,
    password_hash: null, iin_ciphertext: null, iin_index: null, profile: {},
  });
  const { rows: requests } = await pool.query('SELECT status, notice_email FROM erasure_requests WHERE user_id = $1', [s.userId]);
  t.same(requests, [{ status: 'done', notice_email: null }]);
  const { rows: decisions } = await pool.query('SELECT ip, user_agent, offer_version FROM offer_decisions WHERE user_id = $1', [s.userId]);
  t.same(decisions, [{ ip: null, user_agent: null, offer_version: 1 }], 'the acceptance fact stays, without the IP');
  const devices = async (userId: string) => (await pool.query('SELECT count(*)::int AS n FROM device_tokens WHERE user_id = $1', [userId])).rows[0].n;
  t.equal(await devices(s.userId), 0, 'its devices are unknown again');
  t.equal(await devices(keep.userId), 1, 'other accounts keep theirs');

  const [erased] = await outbox(pool, 'identity.user.erased.v1', s.userId);
  t.match(erased, { userId: s.userId, noticeEmail: 'notify-me@example.kz', locale: 'kk', erasedAt: '2026-04-30T19:00:00.000Z' });
  t.match(await outbox(pool, 'identity.session.revoked.v1', s.userId), [{ sessionId: s.tokens.sessionId, reason: 'erased' }]);

  clock.set(new Date('2026-05-02T00:00:00Z'));
  t.equal((await app.inject({ url: '/v1/identity/me', headers: auth })).statusCode, 401, 'the old token is refused');
  const relogin = await app.inject({
    method: 'POST', url: '/v1/identity/login',
    payload: { login: s.email, password: STUDENT_PASSWORD, device: { id: 'x', name: 'x' } },
  });
  t.equal(relogin.statusCode, 401);
  const other = await app.inject({ url: '/v1/identity/me', headers: bearer(keep.tokens.accessToken) });
  t.equal(other.json().email, keep.email, 'other accounts are untouched');
});
