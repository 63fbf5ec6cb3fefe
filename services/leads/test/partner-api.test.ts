import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { build, outbox, partner, press, student } from './helper.js';

t.test('when two universities have partners, then each sees only its own leads and another\'s lead is 404', async (t) => {
  const built = await build(t);
  const { app, universities } = built;
  const a = await partner(built, universities[0]!.id);
  const b = await partner(built, universities[1]!.id);
  const s = await student(built);
  const forA = (await press(app, s, { universityId: universities[0]!.id, message: 'Хочу на IT' })).json().leadId;
  const forB = (await press(app, s, { universityId: universities[1]!.id })).json().leadId;

  const listA = await app.inject({ url: '/v1/leads/partner/leads', headers: a.auth });
  t.equal(listA.statusCode, 200);
  t.same(listA.json().items.map((l: { leadId: string }) => l.leadId), [forA]);
  t.match(listA.json().items[0], {
    leadId: forA, university: { id: universities[0]!.id }, status: 'new', message: 'Хочу на IT',
    student: { fullName: 'Айгерим Садыкова', phone: s.phone, email: s.email, region: 'almaty', locale: 'kk' },
  });
  t.same((await app.inject({ url: '/v1/leads/partner/leads', headers: b.auth })).json().items.map((l: { leadId: string }) => l.leadId), [forB]);

  for (const [what, res] of [
    ['read', await app.inject({ url: `/v1/leads/partner/leads/${forB}`, headers: a.auth })],
    ['status', await app.inject({ method: 'POST', url: `/v1/leads/partner/leads/${forB}/status`, headers: a.auth, payload: { status: 'declined' } })],
    ['missing', await app.inject({ url: `/v1/leads/partner/leads/${uuidv7()}`, headers: a.auth })],
  ] as const) {
    t.equal(res.statusCode, 404, what);
    t.equal(res.json().code, 'not-found', `${what}: the same answer as a lead that does not exist`);
  }
  const { rows } = await built.pool.query('SELECT status FROM leads WHERE id = $1', [forB]);
  t.equal(rows[0].status, 'new', 'the other university\'s lead is untouched');
});

t.test('when a partner updates a lead\'s status, then the student sees it', async (t) => {
  const built = await build(t);
  const { app, universities } = built;
  const a = await partner(built, universities[0]!.id);
  const s = await student(built);
  const leadId = (await press(app, s, { universityId: universities[0]!.id })).json().leadId;

  const res = await app.inject({ method: 'POST', url: `/v1/leads/partner/leads/${leadId}/status`, headers: a.auth, payload: { status: 'contacted', note: 'Called on Monday' } });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { leadId, status: 'contacted', statusNote: 'Called on Monday', statusChangedAt: String });
  t.equal((await app.inject({ method: 'POST', url: `/v1/leads/partner/leads/${leadId}/status`, headers: a.auth, payload: { status: 'enrolled' } })).json().status, 'enrolled');
  t.equal((await app.inject({ method: 'POST', url: `/v1/leads/partner/leads/${leadId}/status`, headers: a.auth, payload: { status: 'new' } })).statusCode, 400, 'new is not a status a partner sets');
  t.match((await app.inject({ url: '/v1/leads/me', headers: s.auth })).json().items, [{ leadId, status: 'enrolled' }]);
});

t.test('when a partner pulls, then the first pull is a ledger transfer, the lead is delivered once, and a repeat adds nothing', async (t) => {
  const built = await build(t);
  const { app, universities, pool } = built;
  const a = await partner(built, universities[0]!.id);
  const s = await student(built);
  const leadId = (await press(app, s, { universityId: universities[0]!.id })).json().leadId;

  await app.inject({ url: '/v1/leads/partner/leads', headers: a.auth });
  await app.inject({ url: '/v1/leads/partner/leads', headers: a.auth });
  await app.inject({ url: `/v1/leads/partner/leads/${leadId}`, headers: a.auth });
  const transfers = (await app.inject({ url: '/v1/leads/me/transfers', headers: s.auth })).json().items;
  t.equal(transfers.length, 1);
  t.match(transfers[0], {
    leadId, university: { id: universities[0]!.id, name: universities[0]!.name }, partnerId: a.partnerId, channel: 'pull',
    fields: ['fullName', 'phone', 'email', 'region'], consent: { basis: 'offer-8.4', offerVersion: 1, scoresShared: false },
  });
  t.match(await outbox(pool, 'leads.lead.delivered.v1'), [{ leadId, via: 'pull', partnerId: a.partnerId, userId: s.userId }]);
  t.match((await app.inject({ url: '/v1/leads/me', headers: s.auth })).json().items, [{ leadId, deliveredAt: String }]);
  const other = await student(built);
  t.same((await app.inject({ url: '/v1/leads/me/transfers', headers: other.auth })).json().items, [], 'a student sees only their own transfers');
});

t.test('when leads are pulled page by page from a time on, then each comes once, oldest first', async (t) => {
  const built = await build(t, { now: new Date('2026-05-01T08:00:00Z') });
  const { app, universities, clock } = built;
  const a = await partner(built, universities[0]!.id);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await press(app, await student(built), { universityId: universities[0]!.id })).json().leadId);
    clock.advance(60_000);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Array<{ leadId: string }>; nextCursor: string | null } =
      (await app.inject({ url: `/v1/leads/partner/leads?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: a.auth })).json();
    seen.push(...page.items.map((l) => l.leadId));
    cursor = page.nextCursor;
  } while (cursor);
  t.same(seen, ids);
  const since = (await app.inject({ url: '/v1/leads/partner/leads?since=2026-05-01T08:02:00Z', headers: a.auth })).json();
  t.same(since.items.map((l: { leadId: string }) => l.leadId), ids.slice(2));
  t.equal((await app.inject({ url: '/v1/leads/partner/leads?since=yesterday', headers: a.auth })).statusCode, 400);
});

t.test('when a partner calls without a valid API key, then 401 with a Bearer challenge', async (t) => {
  const built = await build(t);
  const a = await partner(built, built.universities[0]!.id);
  const jwt = built.issuer.sign({ sub: uuidv7(), sid: uuidv7(), roles: ['admin'] });
  const cases: Record<string, Record<string, string>> = {
    'no header': {},
    'a user token': { authorization: `Bearer ${jwt}` },
    'a near miss': { authorization: `Bearer ${a.apiKey.slice(0, -1)}${a.apiKey.endsWith('A') ? 'B' : 'A'}` },
    'not bearer': { authorization: `Basic ${a.apiKey}` },
  };
  for (const [name, headers] of Object.entries(cases)) {
    const res = await built.app.inject({ url: '/v1/leads/partner/leads', headers });
    t.equal(res.statusCode, 401, name);
    t.equal(res.json().code, 'invalid-api-key', name);
    t.match(res.headers['www-authenticate'], /^Bearer/, name);
  }
  t.equal((await built.app.inject({ url: '/v1/leads/partner/leads', headers: a.auth })).statusCode, 200);
});

t.test('when an API key is rotated, then the old one works through the overlap; when revoked, none works', async (t) => {
  const built = await build(t);
  const { app, admin, clock } = built;
  const a = await partner(built, built.universities[0]!.id);
  const { rows: [stored] } = await built.pool.query('SELECT key_hash, lookup FROM partner_api_keys WHERE partner_id = $1', [a.partnerId]);
  t.notOk(JSON.stringify(stored).includes(a.apiKey), 'the key itself is not stored');

  const rotated = await app.inject({ method: 'POST', url: `/v1/leads/admin/partners/${a.partnerId}/api-keys`, headers: admin, payload: {} });
  t.equal(rotated.statusCode, 201);
  const fresh = { authorization: `Bearer ${rotated.json().apiKey}` };
  t.equal(rotated.json().previousValidUntil, new Date(clock.now.getTime() + 24 * 3_600_000).toISOString());
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: a.auth })).statusCode, 200, 'old key during the overlap');
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: fresh })).statusCode, 200, 'new key');
  clock.advance(24 * 3_600_000 + 1);
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: a.auth })).statusCode, 401, 'old key after the overlap');
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: fresh })).statusCode, 200);

  const own = await app.inject({ method: 'POST', url: '/v1/leads/partner/api-keys', headers: fresh });
  t.equal(own.statusCode, 201, 'a partner can rotate its own key');
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: { authorization: `Bearer ${own.json().apiKey}` } })).statusCode, 200);
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: fresh })).statusCode, 200, 'and the one it used works through the overlap');

  t.equal((await app.inject({ method: 'DELETE', url: `/v1/leads/admin/partners/${a.partnerId}/api-keys`, headers: admin })).statusCode, 204);
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: fresh })).statusCode, 401, 'revoked at once');
  const replaced = await app.inject({ method: 'POST', url: `/v1/leads/admin/partners/${a.partnerId}/api-keys`, headers: admin, payload: { revokeOthers: true } });
  t.equal(replaced.json().previousValidUntil, null);
  t.equal((await app.inject({ url: '/v1/leads/partner/me', headers: { authorization: `Bearer ${replaced.json().apiKey}` } })).statusCode, 200);
});

t.test('when an admin ends a partnership, then its keys stop at once and its undelivered webhooks are cancelled', async (t) => {
  const built = await build(t);
  const { app, admin, pool, universities } = built;
  const a = await partner(built, universities[0]!.id, 'http://127.0.0.1:9/unreachable');
  await press(app, await student(built), { universityId: universities[0]!.id });
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/leads/admin/partners/${a.partnerId}`, headers: admin })).statusCode, 204);
  t.equal((await app.inject({ url: '/v1/leads/partner/leads', headers: a.auth })).statusCode, 401);
  t.same((await pool.query('SELECT status FROM deliveries')).rows, [{ status: 'cancelled' }]);
  t.equal(await built.deliver(), 0);
  t.equal((await pool.query("SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'")).rows[0].n, 0);
  t.match((await app.inject({ url: `/v1/leads/admin/partners/${a.partnerId}`, headers: admin })).json(), { disabled: true });
});
