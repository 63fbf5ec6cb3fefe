import t from 'tap';
import { pruneDeviceTokens } from '../src/store/device-tokens.js';
import { pruneRefreshTokens } from '../src/store/refresh-tokens.js';
import { build, login, registerStudent } from './helper.js';

const DAY = 24 * 3600_000;

async function tokensOf(pool: import('@joo/db').Pool, sessionId: string): Promise<number> {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM refresh_tokens WHERE session_id = $1', [sessionId]);
  return rows[0].n;
}

t.test('when tokens expire or their session was revoked over a day ago, then pruning drops them; live ones stay', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const live = await login(app, s.email, { device: 'live' });
  const revoked = await login(app, s.email, { device: 'gone' });
  await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: live.refreshToken } });
  await app.inject({ method: 'DELETE', url: `/v1/identity/sessions/${revoked.sessionId}`, headers: { authorization: `Bearer ${live.accessToken}` } });
  t.equal(await tokensOf(pool, live.sessionId), 2, 'the used token is kept to recognise a reuse, plus the new one');

  t.equal(await pruneRefreshTokens(pool, new Date()), 0, 'nothing is due yet');
  t.equal(await pruneRefreshTokens(pool, new Date(Date.now() + 2 * DAY)), 1, 'the revoked session’s token goes after a day');
  t.equal(await tokensOf(pool, revoked.sessionId), 0);
  t.equal(await tokensOf(pool, live.sessionId), 2);
  t.equal(await pruneRefreshTokens(pool, new Date(Date.now() + 31 * DAY)), 2, 'expired tokens go');
});

t.test('when device tokens were replaced or have outlived their year, then pruning drops them; the live one stays', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  await login(app, s.email, { device: 'phone' });
  await login(app, s.email, { device: 'phone' });
  const count = async () => (await pool.query('SELECT count(*)::int AS n FROM device_tokens')).rows[0].n as number;
  t.equal(await count(), 2, 'the second sign-in on the phone replaced its token');
  t.equal(await pruneDeviceTokens(pool, new Date()), 1, 'the replaced token goes');
  t.equal(await count(), 1);
  t.equal(await pruneDeviceTokens(pool, new Date(Date.now() + 364 * DAY)), 0, 'the live one counts for a year');
  t.equal(await pruneDeviceTokens(pool, new Date(Date.now() + 366 * DAY)), 1, 'then it goes too');
});
