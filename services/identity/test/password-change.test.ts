import t from 'tap';
import { bearer, build, login, outbox, registerStudent, STUDENT_PASSWORD } from './helper.js';

const NEW_PASSWORD = 'Tulip-Shymkent-2008';

t.test('when a student changes the password, then every other session ends and the new password signs in', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const here = await login(app, s.email, { device: 'here' });
  const there = await login(app, s.email, { device: 'there' });
  const change = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/identity/me/password', headers: bearer(here.accessToken), payload: body });

  const wrong = await change({ currentPassword: 'not my password 1', newPassword: NEW_PASSWORD });
  t.equal(wrong.statusCode, 400);
  t.match(wrong.json().errors, [{ field: '/currentPassword' }]);
  const weak = await change({ currentPassword: STUDENT_PASSWORD, newPassword: 'short' });
  t.equal(weak.statusCode, 400);
  t.match(weak.json().errors, [{ field: '/newPassword', message: /at least 8/ }]);
  const same = await change({ currentPassword: STUDENT_PASSWORD, newPassword: STUDENT_PASSWORD });
  t.match(same.json().errors, [{ field: '/newPassword', message: /differ/ }]);
  t.equal((await change({ currentPassword: STUDENT_PASSWORD })).statusCode, 400);

  const ok = await change({ currentPassword: STUDENT_PASSWORD, newPassword: NEW_PASSWORD });
  t.equal(ok.statusCode, 200, ok.body);
  t.same(ok.json(), { revokedSessions: 1 });
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(here.accessToken) })).statusCode, 200, 'this session stays');
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(there.accessToken) })).statusCode, 401, 'the other one ends');
  t.match(await outbox(pool, 'identity.session.revoked.v1', s.userId), [{ sessionId: there.sessionId, reason: 'revoked_by_user' }]);
  t.match(await outbox(pool, 'identity.user.password_changed.v1', s.userId), [{ userId: s.userId, how: 'changed' }]);
  await t.rejects(login(app, s.email, { device: 'old' }), /401/);
  t.ok((await login(app, s.email, { device: 'new', password: NEW_PASSWORD })).accessToken);
});

t.test('when a student signs out everywhere else, then only the current session is left', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const a = await login(app, s.email, { device: 'a' });
  const b = await login(app, s.email, { device: 'b' });
  const c = await login(app, s.email, { device: 'c' });
  const res = await app.inject({ method: 'DELETE', url: '/v1/identity/sessions', headers: bearer(b.accessToken) });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { revokedSessions: 2 });
  const left = (await app.inject({ url: '/v1/identity/sessions', headers: bearer(b.accessToken) })).json().items;
  t.same(left.map((x: { sessionId: string }) => x.sessionId), [b.sessionId]);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(a.accessToken) })).statusCode, 401);
  t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(c.accessToken) })).statusCode, 401);
  t.equal((await outbox(pool, 'identity.session.revoked.v1', s.userId)).length, 2);
  t.same((await app.inject({ method: 'DELETE', url: '/v1/identity/sessions', headers: bearer(b.accessToken) })).json(), { revokedSessions: 0 });
  t.equal((await app.inject({ method: 'DELETE', url: '/v1/identity/sessions' })).statusCode, 401);
});
