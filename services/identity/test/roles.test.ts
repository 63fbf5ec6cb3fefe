import { randomUUID } from 'node:crypto';
import t from 'tap';
import { ADMIN, build, login, student } from './helper.js';

const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { roles: string[] };

t.test('when an admin gives a user the author and curator roles, then their next access token carries them', async (t) => {
  const { app } = await build(t);
  const admin = await login(app, ADMIN.email, { password: ADMIN.password });
  const s = await student(app);
  t.same(claims(s.tokens.accessToken).roles, ['student']);

  const put = (userId: string, roles: unknown, token = admin.accessToken) =>
    app.inject({ method: 'PUT', url: `/v1/identity/admin/users/${userId}/roles`, headers: { authorization: `Bearer ${token}` }, payload: { roles } });
  const given = await put(s.userId, ['student', 'author', 'curator']);
  t.equal(given.statusCode, 200);
  t.same(given.json(), { id: s.userId, roles: ['student', 'author', 'curator'] });

  const refreshed = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: s.tokens.refreshToken } });
  t.same(claims(refreshed.json().accessToken).roles, ['student', 'author', 'curator'], 'the refreshed token carries the roles');

  t.equal((await put(s.userId, ['student'])).statusCode, 200, 'roles are taken as they are given');
  const again = await app.inject({ method: 'POST', url: '/v1/identity/refresh', payload: { refreshToken: refreshed.json().refreshToken } });
  t.same(claims(again.json().accessToken).roles, ['student']);

  t.equal((await put(s.userId, ['teacher'])).statusCode, 400, 'an unknown role');
  t.equal((await put(s.userId, [])).statusCode, 400, 'no role at all');
  t.equal((await put(randomUUID(), ['student'])).statusCode, 404);
  t.equal((await put(s.userId, ['admin'], s.tokens.accessToken)).statusCode, 403, 'a student cannot give roles');
  const adminId = claims(admin.accessToken) as unknown as { sub: string };
  const demote = await put(adminId.sub, ['student']);
  t.equal(demote.statusCode, 409);
  t.equal(demote.json().code, 'cannot-demote-self');
});
