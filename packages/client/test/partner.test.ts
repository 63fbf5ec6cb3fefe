import t from 'tap';
import { createPartnerClient } from '../src/index.js';
import { json, localServer, problem } from './server.js';

const lead = (n: number) => ({ leadId: `l-${n}`, createdAt: `2026-12-0${n}T10:00:00.000Z`, status: 'new' });

t.test('when a partner pages through its leads and rotates its key, then every call carries the key in use', async (t) => {
  let key = 'joo_pk_old';
  const server = await localServer(t, (req, res) => {
    if (req.headers.authorization !== `Bearer ${key}` && req.headers.authorization !== 'Bearer joo_pk_old') return json(res, 401, problem(401, 'invalid-api-key'));
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/v1/leads/partner/api-keys') {
      key = 'joo_pk_new';
      return json(res, 201, { apiKey: key, previousValidUntil: '2026-12-08T10:00:00.000Z' });
    }
    const cursor = url.searchParams.get('cursor');
    if (cursor === null) return json(res, 200, { items: [lead(1), lead(2)], nextCursor: 'c2' });
    if (cursor === 'c2') return json(res, 200, { items: [lead(3)], nextCursor: null });
    json(res, 400, problem(400, 'validation'));
  });
  const partner = createPartnerClient({ baseUrl: server.url, apiKey: 'joo_pk_old' });

  const seen: string[] = [];
  for await (const l of partner.leads({ since: '2026-12-01T00:00:00Z', limit: 2 })) seen.push(l.leadId);
  t.same(seen, ['l-1', 'l-2', 'l-3'], 'every page, in order');
  t.match(server.seen[1]!.url, /since=2026-12-01T00%3A00%3A00Z/);
  t.match(server.seen[1]!.url, /cursor=c2/, 'the second page asks with the cursor');

  const rotated = await partner.rotateApiKey();
  t.equal(rotated.apiKey, 'joo_pk_new');
  t.equal(partner.apiKey, 'joo_pk_new');
  await partner.get('/v1/leads/partner/leads');
  t.equal(server.seen.at(-1)!.headers.authorization, 'Bearer joo_pk_new', 'the new key from then on');

  const stranger = createPartnerClient({ baseUrl: server.url, apiKey: 'joo_pk_wrong', retry: false });
  await t.rejects(stranger.get('/v1/leads/partner/me'), { code: 'invalid-api-key' });
});
