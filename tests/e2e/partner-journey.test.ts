import t from 'tap';
import { createJooClient, createPartnerClient, createWebhookVerifier } from '@joo/client';
import { eventually, fakePartner, startPlatform } from '@joo/testing';
import { refusal, signedIn } from './steps.js';

// The demo partner's dev-only key (deploy/services.json `local`), seeded for the first demo university.
const DEMO_KEY = 'joo_pk_demo_partner_key_for_local_development_only';

t.test('partner journey: Get consultation reaches the university by signed webhook and by the pull API', async (t) => {
  const partnerSite = await fakePartner(t);
  const platform = await startPlatform(t, { services: ['leads'], env: { leads: { ALLOW_PRIVATE_WEBHOOKS: 'true' } } });
  const baseUrl = platform.gatewayUrl;
  const visitor = createJooClient({ baseUrl });
  const partner = (apiKey: string) => createPartnerClient({ baseUrl, apiKey });

  const admin = await signedIn(baseUrl, platform.admin.email, platform.admin.password, 'admin');
  const universities = await visitor.api.GET('/v1/leads/universities');
  t.equal(universities.response.status, 200);
  t.ok(universities.data!.items.length >= 3, 'the demo directory is seeded');
  const [uniA, uniB] = universities.data!.items;

  const created = await admin.api.POST('/v1/leads/admin/partners', { body: { universityId: uniA!.id, webhookUrl: partnerSite.url } });
  t.equal(created.response.status, 201, JSON.stringify(created.error));
  const partnerA = created.data!;
  t.match(partnerA, { apiKey: /^joo_pk_/, webhookSecret: /^whsec_/ });
  partnerSite.setSecrets([partnerA.webhookSecret]);
  const partnerB = await admin.post('/v1/leads/admin/partners', { body: { universityId: uniB!.id } });
  t.ok(partnerB.apiKey, 'a partner without a webhook');

  const { version } = await visitor.get('/v1/identity/offers/current');
  const student = {
    fullName: 'Дана Серікқызы', region: 'karaganda', email: 'dana@example.kz', phone: '+7 705 111 22 33',
    password: 'keremet-bolashaq-2026', locale: 'kk' as const, acceptOffer: true, offerVersion: version,
  };
  t.equal((await visitor.api.POST('/v1/identity/register', { body: student })).response.status, 201);
  const dana = await signedIn(baseUrl, student.email, student.password, 'phone');

  t.equal((await dana.api.PUT('/v1/leads/me/choices', { body: { universities: [uniA!.id, uniB!.id], specialties: ['B057', 'B044'] } })).response.status, 200);
  const press = () => dana.api.POST('/v1/leads', {
    headers: { 'idempotency-key': 'press-1' }, body: { universityId: uniA!.id, programmeId: uniA!.programmes[0]!.id, message: 'Грант бар ма?' },
  });
  // identity's user.registered reaches leads over NATS in a moment; until then the press is 409 with Retry-After.
  const lead = await eventually(async () => { const r = await press(); return r.response.status !== 409 && r; }, { timeoutMs: 10_000, intervalMs: 100 });
  t.equal(lead.response.status, 201, JSON.stringify(lead.error));
  const leadId = lead.data!.leadId;

  const [webhook] = await partnerSite.waitForAccepted(1, 10_000);
  t.same(webhook!.verifiedWith, [0], 'the webhook verifies with the stock standardwebhooks library');
  const university = createWebhookVerifier({ secrets: [partnerA.webhookSecret] });
  const verified = university.verify(webhook!.body, webhook!.headers as Record<string, string>);
  t.equal(verified.id, webhook!.id, 'and with @joo/client\'s verifier');
  const again = (() => { try { return university.verify(webhook!.body, webhook!.headers as Record<string, string>); } catch (e) { return e; } })();
  t.match(again, { name: 'WebhookVerificationError', reason: 'replayed' }, 'which refuses it a second time');
  t.match(verified.payload, {
    type: 'lead.created',
    data: {
      leadId, university: { id: uniA!.id }, programme: { id: uniA!.programmes[0]!.id },
      student: { fullName: 'Дана Серікқызы', phone: '+77051112233', email: 'dana@example.kz', region: 'karaganda', locale: 'kk' },
      message: 'Грант бар ма?',
    },
  });

  const a = partner(partnerA.apiKey);
  const b = partner(partnerB.apiKey);
  const pulled = await a.api.GET('/v1/leads/partner/leads');
  t.equal(pulled.response.status, 200, 'the partner\'s API key passes the gateway');
  t.match(pulled.data!.items, [{ leadId, student: { email: 'dana@example.kz' } }]);
  const all = [];
  for await (const l of a.leads({ limit: 1 })) all.push(l.leadId);
  t.same(all, [leadId], 'leads() follows the cursor');
  const updated = await a.post('/v1/leads/partner/leads/{id}/status', { params: { path: { id: leadId } }, body: { status: 'contacted', note: 'Called back' } });
  t.equal(updated.status, 'contacted');

  t.match(await refusal(b.get('/v1/leads/partner/leads/{id}', { params: { path: { id: leadId } } })), { status: 404 }, 'another university\'s partner cannot see it');
  t.same((await b.get('/v1/leads/partner/leads')).items, []);
  t.match(await refusal(b.post('/v1/leads/partner/leads/{id}/status', { params: { path: { id: leadId } }, body: { status: 'declined' } })), { status: 404 });
  t.match(await refusal(partner('joo_pk_not_a_key').get('/v1/leads/partner/leads')), { status: 401, code: 'invalid-api-key' }, 'an unknown key is refused');
  t.equal((await partner(DEMO_KEY).api.GET('/v1/leads/partner/me')).response.status, 200, 'the seeded demo partner works with its dev key');

  t.match((await dana.get('/v1/leads/me')).items, [{ leadId, status: 'contacted', deliveredAt: String }]);
  const transfers = (await dana.get('/v1/leads/me/transfers')).items;
  t.same(transfers.map((x) => x.channel).sort(), ['pull', 'webhook'], 'both handovers are in the student\'s ledger');
  t.equal((await press()).response.headers.get('idempotent-replayed'), 'true');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
