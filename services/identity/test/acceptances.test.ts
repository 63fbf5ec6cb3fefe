import t from 'tap';
import { bearer, build, registration, student } from './helper.js';

const url = '/v1/identity/register';
const NOW = new Date('2026-06-15T06:00:00Z'); // 11:00 on 15 June in Almaty

t.test('when a student registers, then the cookie policy is accepted with its version, time and origin, like the offer (3.7)', async (t) => {
  const { app, pool } = await build(t, { now: NOW });
  const s = await student(app);
  const mine = await app.inject({ url: '/v1/identity/me/acceptances', headers: bearer(s.tokens.accessToken) });
  t.equal(mine.statusCode, 200);
  t.same(mine.json().items, [
    { policy: 'cookie-policy', version: 1, acceptedAt: NOW.toISOString() },
    { policy: 'offer', version: 1, acceptedAt: NOW.toISOString() },
  ]);
  const { rows } = await pool.query('SELECT policy, ip, user_agent FROM policy_acceptances WHERE user_id = $1', [s.userId]);
  t.match(rows, [{ policy: 'cookie-policy', ip: String }]);
  t.equal((await app.inject({ url: '/v1/identity/me/acceptances' })).statusCode, 401);
});

t.test('when a student under 18 registers without the parental consent, then 422 parental-consent-required and nothing is stored (8.2)', async (t) => {
  const { app, pool } = await build(t, { now: NOW });
  const minor = registration({ birthDate: '2008-06-16' }); // 18 tomorrow
  const refused = await app.inject({ method: 'POST', url, payload: minor });
  t.equal(refused.statusCode, 422);
  t.match(refused.json(), { code: 'parental-consent-required', errors: [{ field: '/consents/parental' }] });
  t.equal((await pool.query('SELECT count(*)::int AS n FROM users')).rows[0].n, 1, 'only the seeded admin: nothing of the minor is kept');

  const withConsent = await app.inject({ method: 'POST', url, payload: { ...minor, consents: { parental: true } } });
  t.equal(withConsent.statusCode, 201, withConsent.body);
  const { rows } = await pool.query('SELECT policy, version, accepted_at FROM policy_acceptances WHERE user_id = $1 ORDER BY policy', [withConsent.json().userId]);
  t.same(rows.map((r) => [r.policy, r.version, r.accepted_at.toISOString()]), [
    ['cookie-policy', 1, NOW.toISOString()], ['parental-consent', 1, NOW.toISOString()],
  ]);

  const adult = await app.inject({ method: 'POST', url, payload: registration({ birthDate: '2008-06-15' }) });
  t.equal(adult.statusCode, 201, '18 today: no parental consent needed');
  const unknownAge = await app.inject({ method: 'POST', url, payload: registration() });
  t.equal(unknownAge.statusCode, 201, 'no birth date: accepting the offer carries the 8.2 confirmation');

  const future = await app.inject({ method: 'POST', url, payload: registration({ birthDate: '2026-06-16' }) });
  t.equal(future.statusCode, 400);
  t.match(future.json().errors, [{ field: '/birthDate' }]);
  const nonsense = await app.inject({ method: 'POST', url, payload: registration({ birthDate: '2008-02-30' }) });
  t.equal(nonsense.statusCode, 400);
});
