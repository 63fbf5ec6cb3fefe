import t from 'tap';
import { bearer, build, login, outbox, registerStudent, STUDENT_PASSWORD } from './helper.js';
import type { App } from '@joo/service-kit';

const NEW_PASSWORD = 'Tulip-Shymkent-2008';
const RESET = '/v1/identity/password-reset';
const MINUTE = 60_000;

const ask = (app: App, login: string) => app.inject({ method: 'POST', url: RESET, payload: { login } });
const confirm = (app: App, body: Record<string, unknown>) => app.inject({ method: 'POST', url: `${RESET}/confirm`, payload: body });
/** The code of the user's newest reset request, as notifications receives it. */
async function sentCode(pool: Parameters<typeof outbox>[0], userId: string): Promise<{ code: string; channel: string }> {
  const events = await outbox(pool, 'identity.password_reset.requested.v1', userId);
  return events.at(-1) as { code: string; channel: string };
}
/** A six-digit code other than `code`. */
const otherThan = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

t.test('when a reset is asked for a login with no account, then the answer is the same 202 and nothing is sent', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const unknown = await ask(app, 'nobody-here@example.kz');
  const known = await ask(app, s.email);
  t.equal(unknown.statusCode, 202);
  t.equal(known.statusCode, 202);
  t.same(unknown.json(), known.json(), 'the body does not tell them apart');
  t.equal((await outbox(pool, 'identity.password_reset.requested.v1')).length, 1, 'only the real account gets a code');
  const wrong = await confirm(app, { login: 'nobody-here@example.kz', code: '123456', newPassword: NEW_PASSWORD });
  t.equal(wrong.statusCode, 400);
  t.match(wrong.json(), { type: /invalid-reset-code$/ });
  t.equal((await ask(app, '')).statusCode, 400, 'an empty login is refused');
  t.equal((await confirm(app, { login: s.email, code: '12ab56', newPassword: NEW_PASSWORD })).statusCode, 400);
});

t.test('when a student resets the password by the e-mail code, then the code is stored hashed, works once and every session ends', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  const a = await login(app, s.email, { device: 'a' });
  const b = await login(app, s.email, { device: 'b' });
  t.equal((await ask(app, s.email.toUpperCase())).statusCode, 202);
  const { code, channel } = await sentCode(pool, s.userId);
  t.match(code, /^\d{6}$/);
  t.equal(channel, 'email');
  const { rows } = await pool.query<{ code_hash: Buffer }>('SELECT code_hash FROM password_resets WHERE user_id = $1', [s.userId]);
  t.equal(rows.length, 1);
  t.equal(rows[0]!.code_hash.length, 32, 'an HMAC-SHA256 digest');
  t.notOk(rows[0]!.code_hash.toString('latin1').includes(code), 'not the code itself');

  const weak = await confirm(app, { login: s.email, code, newPassword: 'short' });
  t.equal(weak.statusCode, 400);
  t.match(weak.json().errors, [{ field: '/newPassword' }]);

  const ok = await confirm(app, { login: s.email, code, newPassword: NEW_PASSWORD });
  t.equal(ok.statusCode, 204, ok.body);
  for (const tokens of [a, b]) t.equal((await app.inject({ url: '/v1/identity/me', headers: bearer(tokens.accessToken) })).statusCode, 401);
  t.equal((await outbox(pool, 'identity.session.revoked.v1', s.userId)).length, 2);
  t.match(await outbox(pool, 'identity.user.password_changed.v1', s.userId), [{ userId: s.userId, how: 'reset' }]);
  await t.rejects(login(app, s.email, { device: 'old' }), /401/);
  t.ok((await login(app, s.email, { device: 'new', password: NEW_PASSWORD })).accessToken);

  const again = await confirm(app, { login: s.email, code, newPassword: 'Another-Pass-2009' });
  t.equal(again.statusCode, 400, 'a used code does not work twice');
  t.match(again.json(), { type: /invalid-reset-code$/ });
});

t.test('when the login is a phone, then the code goes by SMS; a new request replaces the old code', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  await ask(app, s.phone);
  const first = await sentCode(pool, s.userId);
  t.equal(first.channel, 'sms');
  await ask(app, s.email);
  const second = await sentCode(pool, s.userId);
  t.equal(second.channel, 'email');
  if (first.code !== second.code) {
    t.equal((await confirm(app, { login: s.phone, code: first.code, newPassword: NEW_PASSWORD })).statusCode, 400, 'the replaced code is dead');
  }
  t.equal((await confirm(app, { login: s.phone, code: second.code, newPassword: NEW_PASSWORD })).statusCode, 204);
});

t.test('when 5 wrong codes are tried, then the right code is burnt too', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  await ask(app, s.email);
  const { code } = await sentCode(pool, s.userId);
  for (let i = 0; i < 5; i += 1) {
    const res = await confirm(app, { login: s.email, code: otherThan(code), newPassword: NEW_PASSWORD });
    t.equal(res.statusCode, 400);
    t.match(res.json(), { type: /invalid-reset-code$/ });
  }
  t.equal((await confirm(app, { login: s.email, code, newPassword: NEW_PASSWORD })).statusCode, 400);
  t.ok((await login(app, s.email, { device: 'still', password: STUDENT_PASSWORD })).accessToken, 'the password is unchanged');
});

t.test('when the code is older than 15 minutes, then it no longer works', async (t) => {
  const { app, pool, clock } = await build(t, { now: new Date() });
  const s = await registerStudent(app);
  await ask(app, s.email);
  const { code } = await sentCode(pool, s.userId);
  clock.set(new Date(clock.now.getTime() + 15 * MINUTE + 1000));
  t.equal((await confirm(app, { login: s.email, code, newPassword: NEW_PASSWORD })).statusCode, 400);
});

t.test('when an account asks for more than 3 codes an hour, then the answer stays 202 but nothing more is sent', async (t) => {
  const { app, pool } = await build(t);
  const s = await registerStudent(app);
  for (let i = 0; i < 5; i += 1) t.equal((await ask(app, s.email)).statusCode, 202);
  t.equal((await outbox(pool, 'identity.password_reset.requested.v1', s.userId)).length, 3);
});
