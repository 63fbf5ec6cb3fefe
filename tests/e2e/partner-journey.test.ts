import t from 'tap';
import { eventually, fakePartner, startPlatform } from '@joo/testing';
import { client, type Reply } from './http.js';

// The demo partner's dev-only key (deploy/services.json `local`), seeded for the first demo university.
const DEMO_KEY = 'joo_pk_demo_partner_key_for_local_development_only';

t.test('partner journey: Get consultation reaches the university by signed webhook and by the pull API', async (t) => {
  const partnerSite = await fakePartner(t);
  const platform = await startPlatform(t, { services: ['leads'], env: { leads: { ALLOW_PRIVATE_WEBHOOKS: 'true' } } });
  const call = client(platform.gatewayUrl);
  const key = (apiKey: string) => ({ authorization: `Bearer ${apiKey}` });

  const admin = await call('POST', '/v1/identity/login', { body: { login: platform.admin.email, password: platform.admin.password, device: { id: 'admin', name: 'Admin' } } });
  const adminToken = admin.body.accessToken as string;
  const universities = await call('GET', '/v1/leads/universities');
  t.equal(universities.status, 200);
  t.ok(universities.body.items.length >= 3, 'the demo directory is seeded');
  const [uniA, uniB] = universities.body.items as Array<{ id: string; programmes: Array<{ id: string; code: string }> }>;

  const partnerA = await call('POST', '/v1/leads/admin/partners', { token: adminToken, body: { universityId: uniA!.id, webhookUrl: partnerSite.url } });
  t.equal(partnerA.status, 201, JSON.stringify(partnerA.body));
  t.match(partnerA.body, { apiKey: /^joo_pk_/, webhookSecret: /^whsec_/ });
  partnerSite.setSecrets([partnerA.body.webhookSecret]);
  const partnerB = await call('POST', '/v1/leads/admin/partners', { token: adminToken, body: { universityId: uniB!.id } });
  t.equal(partnerB.status, 201);

  const offer = await call('GET', '/v1/identity/offers/current');
  const student = {
    fullName: 'Дана Серікқызы', region: 'karaganda', email: 'dana@example.kz', phone: '+7 705 111 22 33',
    password: 'keremet-bolashaq-2026', locale: 'kk', acceptOffer: true, offerVersion: offer.body.version,
  };
  t.equal((await call('POST', '/v1/identity/register', { body: student })).status, 201);
  const token = (await call('POST', '/v1/identity/login', { body: { login: student.email, password: student.password, device: { id: 'phone', name: 'Phone' } } })).body.accessToken as string;

  t.equal((await call('PUT', '/v1/leads/me/choices', { token, body: { universities: [uniA!.id, uniB!.id], specialties: ['B057', 'B044'] } })).status, 200);
  const press = () => call('POST', '/v1/leads', {
    token, headers: { 'idempotency-key': 'press-1' }, body: { universityId: uniA!.id, programmeId: uniA!.programmes[0]!.id, message: 'Грант бар ма?' },
  });
  let lead: Reply | undefined;
  // identity's user.registered reaches leads over NATS in a moment; until then the press is 409 with Retry-After.
  await eventually(async () => (lead = await press()).status !== 409, { timeoutMs: 10_000, intervalMs: 100 });
  t.equal(lead!.status, 201, JSON.stringify(lead!.body));
  const leadId = lead!.body.leadId as string;

  const [webhook] = await partnerSite.waitForAccepted(1, 10_000);
  t.same(webhook!.verifiedWith, [0], 'the webhook verifies with the stock standardwebhooks library');
  t.match(webhook!.payload, {
    type: 'lead.created',
    data: {
      leadId, university: { id: uniA!.id }, programme: { id: uniA!.programmes[0]!.id },
      student: { fullName: 'Дана Серікқызы', phone: '+77051112233', email: 'dana@example.kz', region: 'karaganda', locale: 'kk' },
      message: 'Грант бар ма?',
    },
  });

  const pulled = await call('GET', '/v1/leads/partner/leads', { headers: key(partnerA.body.apiKey) });
  t.equal(pulled.status, 200, 'the partner\'s API key passes the gateway');
  t.match(pulled.body.items, [{ leadId, student: { email: 'dana@example.kz' } }]);
  const updated = await call('POST', `/v1/leads/partner/leads/${leadId}/status`, { headers: key(partnerA.body.apiKey), body: { status: 'contacted', note: 'Called back' } });
  t.equal(updated.status, 200);
  t.equal(updated.body.status, 'contacted');

  t.equal((await call('GET', `/v1/leads/partner/leads/${leadId}`, { headers: key(partnerB.body.apiKey) })).status, 404, 'another university\'s partner cannot see it');
  t.same((await call('GET', '/v1/leads/partner/leads', { headers: key(partnerB.body.apiKey) })).body.items, []);
  t.equal((await call('POST', `/v1/leads/partner/leads/${leadId}/status`, { headers: key(partnerB.body.apiKey), body: { status: 'declined' } })).status, 404);
  t.equal((await call('GET', '/v1/leads/partner/leads', { headers: key('joo_pk_not_a_key') })).status, 401);
  t.equal((await call('GET', '/v1/leads/partner/me', { headers: key(DEMO_KEY) })).status, 200, 'the seeded demo partner works with its dev key');

  t.match((await call('GET', '/v1/leads/me', { token })).body.items, [{ leadId, status: 'contacted', deliveredAt: String }]);
  const transfers = (await call('GET', '/v1/leads/me/transfers', { token })).body.items as Array<{ channel: string; partnerId: string }>;
  t.same(transfers.map((x) => x.channel).sort(), ['pull', 'webhook'], 'both handovers are in the student\'s ledger');
  t.equal((await press()).headers.get('idempotent-replayed'), 'true');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
