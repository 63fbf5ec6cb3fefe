import t from 'tap';
import { fakePartner } from '@joo/testing';
import { UserErased, UserProfileUpdated } from '@joo/contracts';
import { build, feed, partner, press, student } from './helper.js';

t.test('when identity erases a student, then their leads are pseudonymised, counts survive, the ledger keeps the fact without data, and nothing more is sent', async (t) => {
  const built = await build(t);
  const { app, pool, admin, universities } = built;
  const fake = await fakePartner(t, { mode: { kind: 'failing' } });
  const withHook = await partner(built, universities[0]!.id, fake.url);
  fake.setSecrets([withHook.webhookSecret]);
  const puller = await partner(built, universities[1]!.id);
  const s = await student(built);
  const keep = await student(built);

  const pending = (await press(app, s, { universityId: universities[0]!.id, message: 'Менің атым Айгерим' })).json().leadId;
  const pulled = (await press(app, s, { universityId: universities[1]!.id })).json().leadId;
  await press(app, keep, { universityId: universities[1]!.id });
  await app.inject({ method: 'PUT', url: '/v1/leads/me/choices', headers: s.auth, payload: { universities: [universities[0]!.id], specialties: ['B057'] } });
  await app.inject({ url: '/v1/leads/partner/leads', headers: puller.auth });
  await app.inject({ method: 'POST', url: `/v1/leads/partner/leads/${pulled}/status`, headers: puller.auth, payload: { status: 'contacted', note: 'Айгерим asked about dorms' } });
  await built.deliver(); // fails: stays pending

  await feed(pool, UserErased.type, { userId: s.userId, noticeEmail: s.email, locale: 'kk', erasedAt: new Date().toISOString() });

  const { rows: leads } = await pool.query('SELECT id, user_id, university_id, contact, message, status, status_note, shared_fields, pseudonymised_at FROM leads WHERE user_id = $1 ORDER BY created_at', [s.userId]);
  t.equal(leads.length, 2, 'the leads stay, so counts per university survive');
  for (const lead of leads) t.match(lead, { contact: null, message: null, status_note: null, pseudonymised_at: Date });
  t.equal(leads[1].status, 'contacted', 'the outcome is kept for the statistics');
  t.match((await pool.query('SELECT * FROM contacts WHERE user_id = $1', [s.userId])).rows[0], { full_name: null, email: null, phone: null, region: null, unt_scores: null, erased_at: Date });
  t.equal((await pool.query('SELECT count(*)::int AS n FROM choices WHERE user_id = $1', [s.userId])).rows[0].n, 0);

  const { rows: ledger } = await pool.query('SELECT lead_id, fields, channel, consent, subject_erased_at FROM transfers WHERE user_id = $1', [s.userId]);
  t.match(ledger, [{ lead_id: pulled, fields: ['fullName', 'phone', 'email', 'region'], channel: 'pull', consent: { basis: 'offer-8.4' }, subject_erased_at: Date }]);
  t.notOk(JSON.stringify(ledger).includes(s.email) || JSON.stringify(ledger).includes(s.phone), 'the ledger names fields, never their values');

  const { rows: [delivery] } = await pool.query('SELECT d.status FROM deliveries d WHERE d.lead_id = $1', [pending]);
  t.equal(delivery.status, 'cancelled', 'an undelivered webhook is not sent after erasure');
  fake.setMode({ kind: 'ok' });
  built.clock.advance(60_000);
  t.equal(await built.deliver(), 0);
  const failedList = (await app.inject({ url: '/v1/leads/admin/deliveries?status=cancelled', headers: admin })).json().items;
  t.equal((await app.inject({ method: 'POST', url: `/v1/leads/admin/deliveries/${failedList[0].id}/redeliver`, headers: admin })).statusCode, 409);

  const seen = (await app.inject({ url: `/v1/leads/partner/leads/${pulled}`, headers: puller.auth })).json();
  t.match(seen, { leadId: pulled, student: null, message: null, status: 'contacted', statusNote: null }, 'the partner sees the lead without the student');

  await feed(pool, UserProfileUpdated.type, {
    userId: s.userId, fullName: 'Late event', email: 'late@example.kz', phone: '+77010000000', region: 'almaty', locale: 'kk', filled: [],
    updatedAt: new Date().toISOString(),
  }, new Date(Date.now() + 1000));
  t.equal((await pool.query('SELECT full_name FROM contacts WHERE user_id = $1', [s.userId])).rows[0].full_name, null, 'a late event does not bring the data back');
  t.match((await pool.query('SELECT contact FROM leads WHERE user_id = $1', [keep.userId])).rows[0].contact, { email: keep.email }, 'other students are untouched');
});
