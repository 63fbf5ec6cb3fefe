import t from 'tap';
import { ConsentChanged, UserProfileUpdated } from '@joo/contracts';
import { uuidv7 } from 'uuidv7';
import { build, feed, outbox, press, student } from './helper.js';

const DAY = 86_400_000;

t.test('when a student presses Get consultation, then 201 with a lead holding their contact snapshot, and lead.created is in the outbox', async (t) => {
  const built = await build(t);
  const { app, pool, universities } = built;
  const s = await student(built);
  const uni = universities[0]!;
  const programme = (await app.inject({ url: `/v1/leads/universities/${uni.id}` })).json().programmes[0];

  const res = await press(app, s, { universityId: uni.id, programmeId: programme.id, message: 'Грант туралы сұрағым бар' });
  t.equal(res.statusCode, 201, res.body);
  const lead = res.json();
  t.match(lead, {
    leadId: String, status: 'new', duplicate: false, deliveredAt: null, university: { id: uni.id, name: uni.name },
    programme: { id: programme.id, code: programme.code }, sharedFields: ['fullName', 'phone', 'email', 'region', 'message'],
  });
  const { rows: [row] } = await pool.query('SELECT contact, consent FROM leads WHERE id = $1', [lead.leadId]);
  t.same(row.contact, { fullName: 'Айгерим Садыкова', phone: s.phone, email: s.email, region: 'almaty', locale: 'kk' });
  t.same(row.consent, { basis: 'offer-8.4', offerVersion: 1, givenAt: built.clock.now.toISOString(), scoresShared: false, mockScoresShared: false });
  t.match(await outbox(pool, 'leads.lead.created.v1'), [{ leadId: lead.leadId, userId: s.userId, universityId: uni.id, programmeId: programme.id }]);
  t.match((await app.inject({ url: '/v1/leads/me', headers: s.auth })).json().items, [{ leadId: lead.leadId }]);
});

t.test('when the same Idempotency-Key is sent again, then the first answer is replayed; with another body, 422', async (t) => {
  const built = await build(t);
  const s = await student(built);
  const key = uuidv7();
  const body = { universityId: built.universities[0]!.id };
  const first = await press(built.app, s, body, key);
  const again = await press(built.app, s, body, key);
  t.equal(first.statusCode, 201);
  t.equal(again.statusCode, 201);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.same(again.json(), first.json());
  const other = await press(built.app, s, { universityId: built.universities[1]!.id }, key);
  t.equal(other.statusCode, 422);
  const missing = await built.app.inject({ method: 'POST', url: '/v1/leads', headers: s.auth, payload: body });
  t.equal(missing.statusCode, 400, 'the key is required');
  t.equal((await outbox(built.pool, 'leads.lead.created.v1')).length, 1);
});

t.test('when the same student asks the same university within 30 days, then 200 with the existing lead; after 30 days, a new one', async (t) => {
  const built = await build(t, { now: new Date('2026-03-01T09:00:00Z') });
  const { app, clock, universities } = built;
  const s = await student(built);
  const first = (await press(app, s, { universityId: universities[0]!.id })).json();

  clock.advance(29 * DAY);
  const repeat = await press(app, s, { universityId: universities[0]!.id, message: 'again?' });
  t.equal(repeat.statusCode, 200);
  t.match(repeat.json(), { leadId: first.leadId, duplicate: true });
  const elsewhere = await press(app, s, { universityId: universities[1]!.id });
  t.equal(elsewhere.statusCode, 201, 'another university is another lead');
  const otherStudent = await student(built);
  t.equal((await press(app, otherStudent, { universityId: universities[0]!.id })).statusCode, 201, 'another student too');

  clock.advance(1 * DAY);
  const later = await press(app, s, { universityId: universities[0]!.id });
  t.equal(later.statusCode, 201, '30 days later the university hears again');
  t.not(later.json().leadId, first.leadId);
  t.equal((await outbox(built.pool, 'leads.lead.created.v1')).length, 4);
});

t.test('when two presses race with different keys, then one lead is made', async (t) => {
  const built = await build(t);
  const s = await student(built);
  const body = { universityId: built.universities[0]!.id };
  const answers = await Promise.all([press(built.app, s, body), press(built.app, s, body), press(built.app, s, body)]);
  t.same(answers.map((a) => a.statusCode).sort(), [200, 200, 201]);
  t.equal(new Set(answers.map((a) => a.json().leadId)).size, 1);
});

t.test('when the student chose to share UNT scores, then they are in the lead; otherwise not', async (t) => {
  const built = await build(t);
  const s = await student(built);
  await feed(built.pool, UserProfileUpdated.type, {
    userId: s.userId, fullName: 'Айгерим Садыкова', email: s.email, phone: s.phone, region: 'shymkent', locale: 'kk',
    filled: ['untScores'], untScores: { 'mathematical-literacy': 9, mathematics: 38 }, updatedAt: new Date().toISOString(),
  });
  const shared = await press(built.app, s, { universityId: built.universities[0]!.id, shareScores: true });
  t.match(shared.json().sharedFields, ['fullName', 'phone', 'email', 'region', 'untScores']);
  const kept = await press(built.app, s, { universityId: built.universities[1]!.id });
  t.notOk(kept.json().sharedFields.includes('untScores'));
  const { rows } = await built.pool.query('SELECT contact FROM leads ORDER BY created_at, id');
  t.same(rows[0].contact.untScores, { 'mathematical-literacy': 9, mathematics: 38 });
  t.equal(rows[0].contact.region, 'shymkent', 'the profile update reached the snapshot');
  t.notOk('untScores' in rows[1].contact);
});

t.test('when the university is abroad, then the lead needs cross-border consent, and records it', async (t) => {
  const built = await build(t);
  const { app, admin } = built;
  const abroad = (await app.inject({
    method: 'POST', url: '/v1/leads/admin/universities', headers: admin,
    payload: { name: { kk: 'Бішкек университеті', ru: 'Бишкекский университет' }, region: 'almaty', country: 'KG', programmes: [] },
  })).json().id;
  const s = await student(built);
  const refused = await press(app, s, { universityId: abroad });
  t.equal(refused.statusCode, 422);
  t.equal(refused.json().code, 'cross-border-consent-required');
  await feed(built.pool, ConsentChanged.type, {
    userId: s.userId, consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: true }, changedAt: new Date().toISOString(),
  });
  const ok = await press(app, s, { universityId: abroad });
  t.equal(ok.statusCode, 201);
  const { rows: [row] } = await built.pool.query('SELECT consent FROM leads WHERE id = $1', [ok.json().leadId]);
  t.match(row.consent, { basis: 'offer-8.4', crossBorderTransfer: true });
});

t.test('when the request cannot make a lead, then a problem says why and nothing is written', async (t) => {
  const built = await build(t);
  const s = await student(built);
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['unknown university', { universityId: uuidv7() }, 422, 'unknown-university'],
    ['another university\'s programme', { universityId: built.universities[0]!.id, programmeId: uuidv7() }, 422, 'unknown-programme'],
  ];
  for (const [name, body, status, code] of cases) {
    const res = await press(built.app, s, body);
    t.equal(res.statusCode, status, name);
    t.equal(res.json().code, code, name);
  }
  const stranger = { ...s, userId: uuidv7() };
  const token = built.issuer.sign({ sub: stranger.userId, sid: uuidv7(), roles: ['student'] });
  const unsynced = await press(built.app, { ...stranger, auth: { authorization: `Bearer ${token}` } }, { universityId: built.universities[0]!.id });
  t.equal(unsynced.statusCode, 409, 'registration not yet seen');
  t.equal(unsynced.headers['retry-after'], '2');
  t.equal((await press(built.app, s, { universityId: built.universities[0]!.id }, '')).statusCode, 400);
  t.equal((await built.pool.query('SELECT count(*)::int AS n FROM leads')).rows[0].n, 0);
});
