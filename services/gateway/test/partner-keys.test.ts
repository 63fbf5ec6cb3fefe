import t from 'tap';
import { fakeUpstream } from '@joo/testing';
import { isPartnerApiPath } from '../src/edge.js';
import { bearer, gateway } from './helper.js';

const API_KEY = 'joo_pk_demo_partner_key_for_local_development_only';

t.test('when a partner sends its API key under /v1/leads/partner/, then it reaches leads unverified and unchanged', async (t) => {
  const leads = await fakeUpstream(t, 'leads');
  const { app } = await gateway(t, { upstreams: [{ name: 'leads', url: leads.url }] });
  const list = await app.inject({ url: '/v1/leads/partner/leads?since=2026-01-01T00:00:00Z', headers: bearer(API_KEY) });
  t.equal(list.statusCode, 200);
  const status = await app.inject({ method: 'POST', url: '/v1/leads/partner/leads/0193a000-0000-7000-8000-000000000001/status', headers: bearer(API_KEY), payload: { status: 'contacted' } });
  t.equal(status.statusCode, 200);
  t.same(leads.requests.map((r) => r.headers.authorization), [`Bearer ${API_KEY}`, `Bearer ${API_KEY}`]);
});

t.test('when the same key is sent anywhere else, then the gateway refuses it as a bad token before leads sees it', async (t) => {
  const leads = await fakeUpstream(t, 'leads');
  const { app } = await gateway(t, { upstreams: [{ name: 'leads', url: leads.url }] });
  for (const url of ['/v1/leads/me', '/v1/leads/admin/partners', '/v1/leads/partner', '/v1/leads/partner/../me', '/v1/leads/partner/%2e%2e/me', '/v1/leads/partnerx/leads']) {
    const res = await app.inject({ url, headers: bearer(API_KEY) });
    t.equal(res.statusCode, 401, url);
    t.equal(res.json().code, 'invalid-token', url);
  }
  t.equal(leads.requests.length, 0);
});

t.test('when a partner calls too often from one address, then the per-IP limit still answers 429', async (t) => {
  const leads = await fakeUpstream(t, 'leads');
  const { app } = await gateway(t, { upstreams: [{ name: 'leads', url: leads.url }], rateLimits: { ipPerMinute: 2, userPerMinute: 100 } });
  const codes: number[] = [];
  for (let i = 0; i < 3; i++) codes.push((await app.inject({ url: '/v1/leads/partner/leads', headers: bearer(API_KEY) })).statusCode);
  t.same(codes, [200, 200, 429]);
});

t.test('when a path is classified, then only plain paths under /v1/leads/partner/ are partner API paths', async (t) => {
  const cases: Array<[string, boolean]> = [
    ['/v1/leads/partner/leads', true], ['/v1/leads/partner/leads?cursor=a.b%3D', true], ['/v1/leads/partner/me', true],
    ['/v1/leads/partner/', true], ['/v1/leads/partner', false], ['/v1/leads/partner/../me', false], ['/v1/leads/partner/%2E%2E/me', false],
    ['/v1/leads/me', false], ['/v1/identity/partner/x', false], ['/V1/leads/partner/leads', false],
  ];
  for (const [url, expected] of cases) t.equal(isPartnerApiPath(url), expected, url);
});
