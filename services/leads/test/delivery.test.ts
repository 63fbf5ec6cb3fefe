import t from 'tap';
import { fakePartner, testLogger } from '@joo/testing';
import { RETRY_DELAYS_MS } from '../src/domain/retry-schedule.js';
import { startDeliveryWorker } from '../src/delivery/worker.js';
import { build, outbox, partner, press, student } from './helper.js';

async function metric(app: { metrics: { metrics(): Promise<string> } }, pattern: RegExp): Promise<number | null> {
  const text = await app.metrics.metrics();
  const line = text.split('\n').find((l) => pattern.test(l));
  return line ? Number(line.split(' ').at(-1)) : null;
}

t.test('when a lead is created, then the partner\'s webhook receives it signed per Standard Webhooks, and the ledger and events record it', async (t) => {
  const built = await build(t);
  const { app, pool, universities } = built;
  const fake = await fakePartner(t);
  const p = await partner(built, universities[0]!.id, fake.url);
  fake.setSecrets([p.webhookSecret]);
  const s = await student(built);
  const programme = (await app.inject({ url: `/v1/leads/universities/${universities[0]!.id}` })).json().programmes[1];
  const leadId = (await press(app, s, { universityId: universities[0]!.id, programmeId: programme.id, message: 'Қоңырау шалыңыз' })).json().leadId;

  t.equal(await built.deliver(), 1);
  const [got] = await fake.waitForAccepted(1);
  t.ok(got!.verifiedWith.length === 1, `verified by the stock library (${got!.error})`);
  t.match(got!.headers, { 'content-type': 'application/json', 'user-agent': /^joo-leads-webhooks\// });
  t.match(got!.payload, {
    type: 'lead.created', timestamp: String,
    data: {
      leadId, createdAt: String, university: { id: universities[0]!.id, name: universities[0]!.name },
      programme: { id: programme.id, code: programme.code, name: programme.name },
      student: { fullName: 'Айгерим Садыкова', phone: s.phone, email: s.email, region: 'almaty', locale: 'kk' },
      message: 'Қоңырау шалыңыз',
    },
  });
  const { rows: [delivery] } = await pool.query('SELECT id, status, attempts FROM deliveries');
  t.match(delivery, { status: 'delivered', attempts: 1 });
  t.equal(got!.id, delivery.id, 'webhook-id is the delivery id: the same on every retry, for de-duplication');

  t.match((await app.inject({ url: '/v1/leads/me/transfers', headers: s.auth })).json().items, [
    { leadId, partnerId: p.partnerId, channel: 'webhook', fields: ['fullName', 'phone', 'email', 'region', 'message'], consent: { basis: 'offer-8.4' } },
  ]);
  t.match(await outbox(pool, 'leads.lead.delivered.v1'), [{ leadId, via: 'webhook', partnerId: p.partnerId }]);
  t.equal(await metric(app, /^joo_leads_created_total/), 1);
  t.equal(await metric(app, new RegExp(`^joo_leads_delivery_seconds_count\\{.*partner="${p.partnerId}"`)), 1);
  t.equal(await built.deliver(), 0, 'nothing left to send');
});

t.test('when the partner keeps failing, then retries follow the schedule on the clock, the delivery fails after about a day, admins see it and redeliver', async (t) => {
  const built = await build(t);
  const { app, pool, clock, admin, universities } = built;
  const fake = await fakePartner(t, { mode: { kind: 'failing', status: 503 } });
  const p = await partner(built, universities[0]!.id, fake.url);
  fake.setSecrets([p.webhookSecret]);
  const leadId = (await press(app, await student(built), { universityId: universities[0]!.id })).json().leadId;
  const started = clock.now.getTime();

  t.equal(await built.deliver(), 1, 'attempt 1 at once');
  for (const [i, delay] of RETRY_DELAYS_MS.entries()) {
    clock.advance(delay - 1);
    t.equal(await built.deliver(), 0, `attempt ${i + 2} not before ${delay} ms`);
    clock.advance(1);
    t.equal(await built.deliver(), 1, `attempt ${i + 2} after ${delay} ms`);
  }
  t.equal(fake.received.length, 8);
  const hours = (clock.now.getTime() - started) / 3_600_000;
  t.ok(hours > 24 && hours < 30, `the last attempt ${hours.toFixed(1)} h after the first`);
  clock.advance(48 * 3_600_000);
  t.equal(await built.deliver(), 0, 'no ninth attempt');

  const failed = (await app.inject({ url: '/v1/leads/admin/deliveries?status=failed', headers: admin })).json().items;
  t.match(failed, [{ leadId, partnerId: p.partnerId, status: 'failed', attempts: 8, lastStatusCode: 503, lastError: 'answered 503', failedAt: String }]);
  t.equal(await metric(app, new RegExp(`^joo_leads_delivery_failures_total\\{.*partner="${p.partnerId}"`)), 8);
  t.equal(await metric(app, /^joo_leads_deliveries_failed/), 1);
  t.equal((await pool.query('SELECT count(*)::int AS n FROM delivery_attempts')).rows[0].n, 8, 'each attempt is kept');
  t.equal((await outbox(pool, 'leads.lead.delivered.v1')).length, 0);

  fake.setMode({ kind: 'ok' });
  clock.set(new Date()); // the partner checks webhook-timestamp against its own clock
  const redelivered = await app.inject({ method: 'POST', url: `/v1/leads/admin/deliveries/${failed[0].id}/redeliver`, headers: admin });
  t.equal(redelivered.statusCode, 202);
  t.match(redelivered.json(), { status: 'pending', attempts: 0 });
  t.equal(await metric(app, /^joo_leads_deliveries_failed/), 0, 'a redelivered one no longer counts as failed');
  t.equal(await built.deliver(), 1);
  await fake.waitForAccepted(1);
  t.match((await app.inject({ url: '/v1/leads/admin/deliveries?status=delivered', headers: admin })).json().items, [{ id: failed[0].id, status: 'delivered' }]);
  t.equal((await app.inject({ method: 'POST', url: `/v1/leads/admin/deliveries/${failed[0].id}/redeliver`, headers: { authorization: `Bearer ${p.apiKey}` } })).statusCode, 401);
});

t.test('when the partner is slow past the timeout or down, then the attempt fails and is retried', async (t) => {
  const built = await build(t, { timeoutMs: 300 });
  const { app, pool, universities, clock } = built;
  const fake = await fakePartner(t, { mode: { kind: 'slow', delayMs: 1_500 } });
  const p = await partner(built, universities[0]!.id, fake.url);
  fake.setSecrets([p.webhookSecret]);
  await press(app, await student(built), { universityId: universities[0]!.id });

  await built.deliver();
  const slow = (await pool.query('SELECT status, attempts, last_error, next_attempt_at FROM deliveries')).rows[0];
  t.match(slow, { status: 'pending', attempts: 1, last_error: /no answer within 300 ms/ });
  t.equal(slow.next_attempt_at.getTime(), clock.now.getTime() + 5_000);

  fake.setMode({ kind: 'down' });
  clock.advance(5_000);
  await built.deliver();
  const down = (await pool.query('SELECT attempts, last_error, last_status_code FROM deliveries')).rows[0];
  t.match(down, { attempts: 2, last_status_code: null, last_error: /socket hang up|ECONNRESET/ });
});

t.test('when the webhook secret is rotated, then both sign during the overlap and only the new one after', async (t) => {
  const built = await build(t, { overlapMs: 1_000 });
  const { app, admin, universities, clock } = built;
  const fake = await fakePartner(t);
  const p = await partner(built, universities[0]!.id, fake.url);

  const rotated = await app.inject({ method: 'POST', url: `/v1/leads/admin/partners/${p.partnerId}/webhook-secret`, headers: admin });
  t.equal(rotated.statusCode, 201);
  const next = rotated.json().webhookSecret as string;
  t.match(next, /^whsec_/);
  t.not(next, p.webhookSecret);
  t.match((await app.inject({ url: '/v1/leads/partner/me', headers: p.auth })).json().webhookSecrets, [{ expiresAt: null }, { expiresAt: String }]);

  fake.setSecrets([next, p.webhookSecret]);
  await press(app, await student(built), { universityId: universities[0]!.id });
  await built.deliver();
  const [during] = await fake.waitForAccepted(1);
  t.equal(during!.signature!.split(' ').length, 2, 'two v1 signatures');
  t.same(during!.verifiedWith, [0, 1], 'a receiver holding either secret verifies it');

  clock.advance(1_001);
  await press(app, await student(built), { universityId: universities[0]!.id });
  await built.deliver();
  const after = (await fake.waitForAccepted(2))[1]!;
  t.equal(after.signature!.split(' ').length, 1);
  t.same(after.verifiedWith, [0], 'only the new secret verifies once the overlap is over');

  const own = await app.inject({ method: 'POST', url: '/v1/leads/partner/webhook-secret', headers: p.auth });
  t.equal(own.statusCode, 201, 'a partner can rotate its own secret');
  t.match(own.json(), { webhookSecret: /^whsec_/, previousValidUntil: String });
});

t.test('when a webhook URL points at a private address, then registration refuses it, and delivery refuses a host that resolves there later', async (t) => {
  const dns: Record<string, string[]> = {
    'crm.university.kz': ['185.22.64.10'], 'evil.example.kz': ['185.22.64.11', '10.0.0.5'], 'rebind.example.kz': ['185.22.64.12'],
  };
  const built = await build(t, { allowPrivate: false, dns });
  const { app, admin, universities, pool } = built;
  const register = (webhookUrl: string, universityId = universities[0]!.id) =>
    app.inject({ method: 'POST', url: '/v1/leads/admin/partners', headers: admin, payload: { universityId, webhookUrl } });
  const refused: Array<[string, RegExp]> = [
    ['http://crm.university.kz/hook', /https/],
    ['https://127.0.0.1/hook', /private, loopback/],
    ['https://[::ffff:10.0.0.1]/hook', /private, loopback/],
    ['https://169.254.169.254/latest/meta-data/', /private, loopback/],
    ['https://localhost:8443/hook', /public host/],
    ['https://evil.example.kz/hook', /resolves to 10\.0\.0\.5/],
    ['https://nowhere.example.kz/hook', /does not resolve/],
  ];
  for (const [url, reason] of refused) {
    const res = await register(url);
    t.equal(res.statusCode, 422, url);
    t.match(res.json(), { code: 'webhook-url-refused', errors: [{ field: '/webhookUrl', message: reason }] }, url);
  }
  // Another university's: its leads would go to a real address, and tests never leave 127.0.0.1.
  t.equal((await register('https://crm.university.kz/hooks/joo', universities[1]!.id)).statusCode, 201);

  const rebound = await register('https://rebind.example.kz/hook');
  t.equal(rebound.statusCode, 201);
  const partnerId = rebound.json().partnerId;
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/leads/admin/partners/${partnerId}`, headers: admin, payload: { webhookUrl: 'https://10.1.1.1/x' } })).statusCode, 422);

  dns['rebind.example.kz'] = ['127.0.0.1'];
  await press(app, await student(built), { universityId: universities[0]!.id });
  await built.deliver();
  const { rows } = await pool.query('SELECT d.status, d.last_error FROM deliveries d WHERE d.partner_id = $1', [partnerId]);
  t.match(rows, [{ status: 'pending', last_error: /rebind\.example\.kz resolved to 127\.0\.0\.1, which is not a public address/ }]);
});

t.test('when private webhooks are allowed (development), then metadata and link-local targets are still refused at registration, on update and at delivery', async (t) => {
  const dns: Record<string, string[]> = { 'partner.test': ['127.0.0.1'], 'metadata.partner.test': ['169.254.169.254'], 'cgnat.partner.test': ['100.64.0.9'] };
  const built = await build(t, { allowPrivate: true, dns });
  const { app, admin, universities, pool } = built;
  const register = (webhookUrl: string) =>
    app.inject({ method: 'POST', url: '/v1/leads/admin/partners', headers: admin, payload: { universityId: universities[0]!.id, webhookUrl } });
  for (const url of ['http://0xa9fea9fe/latest', 'http://2852039166/', 'http://0251.0376.0251.0376/', 'http://[::ffff:a9fe:a9fe]/',
    'http://metadata.google.internal/computeMetadata/v1/', 'http://[fe80::1]/', 'http://100.64.0.1/', 'http://metadata.partner.test/', 'http://cgnat.partner.test/']) {
    const res = await register(url);
    t.equal(res.statusCode, 422, url);
    t.match(res.headers['content-type'], /application\/problem\+json/, url);
    t.match(res.json(), { status: 422, code: 'webhook-url-refused', errors: [{ field: '/webhookUrl' }] }, url);
  }

  const fake = await fakePartner(t);
  const loopback = await register(fake.url.replace('127.0.0.1', 'partner.test'));
  t.equal(loopback.statusCode, 201, 'loopback is what the local allowance covers');
  const { partnerId, webhookSecret } = loopback.json();
  fake.setSecrets([webhookSecret]);
  const update = await app.inject({ method: 'PATCH', url: `/v1/leads/admin/partners/${partnerId}`, headers: admin, payload: { webhookUrl: 'http://[::ffff:169.254.169.254]/' } });
  t.equal(update.statusCode, 422);
  t.match(update.json(), { code: 'webhook-url-refused' });

  // The name now resolves to the metadata service (DNS rebinding): the connection is never made.
  dns['partner.test'] = ['169.254.169.254'];
  await press(app, await student(built), { universityId: universities[0]!.id });
  await built.deliver();
  const { rows } = await pool.query('SELECT d.status, d.last_error FROM deliveries d WHERE d.partner_id = $1', [partnerId]);
  t.match(rows, [{ status: 'pending', last_error: /partner\.test resolved to 169\.254\.169\.254, which is not a public address/ }]);
  t.equal(fake.received.length, 0);
});

t.test('when one partner is slow, then the running worker still delivers another partner\'s lead at once', async (t) => {
  const built = await build(t);
  const { app, ctx, universities } = built;
  const slow = await fakePartner(t, { mode: { kind: 'slow', delayMs: 2_000 } });
  const quick = await fakePartner(t);
  const a = await partner(built, universities[0]!.id, slow.url);
  const b = await partner(built, universities[1]!.id, quick.url);
  slow.setSecrets([a.webhookSecret]);
  quick.setSecrets([b.webhookSecret]);
  const worker = startDeliveryWorker({ ctx, timeoutMs: 5_000, concurrency: 4, pollIntervalMs: 60_000, log: testLogger() });
  t.teardown(() => worker.stop());
  const s = await student(built);

  await press(app, s, { universityId: universities[0]!.id });
  worker.wake();
  await slow.waitForReceived(1);
  const started = Date.now();
  await press(app, s, { universityId: universities[1]!.id });
  worker.wake();
  await quick.waitForAccepted(1, 1_500);
  t.ok(Date.now() - started < 1_500, `delivered in ${Date.now() - started} ms while the slow partner still holds its answer`);
  t.equal(slow.received.filter((r) => r.answered !== null).length, 0, 'the slow one has not answered yet');
  await slow.waitForAccepted(1, 5_000);
  await worker.stop();
  t.same((await built.pool.query('SELECT status FROM deliveries ORDER BY created_at')).rows, [{ status: 'delivered' }, { status: 'delivered' }]);
});

t.test('when the webhook URL names a host, then delivery connects to the address the guarded lookup resolved', async (t) => {
  const fake = await fakePartner(t);
  const built = await build(t, { dns: { 'admissions.partner.test': ['127.0.0.1'] } });
  const url = fake.url.replace('127.0.0.1', 'admissions.partner.test');
  const p = await partner(built, built.universities[0]!.id, url);
  fake.setSecrets([p.webhookSecret]);
  await press(built.app, await student(built), { universityId: built.universities[0]!.id });
  await built.deliver();
  const [got] = await fake.waitForAccepted(1);
  t.match(got!.headers.host, /^admissions\.partner\.test:\d+$/, 'the Host header names the partner\'s host');
});

t.test('when a partner asks for a test webhook, then a signed webhook.test reaches its endpoint and the answer is reported', async (t) => {
  const built = await build(t);
  const fake = await fakePartner(t);
  const p = await partner(built, built.universities[0]!.id, fake.url);
  const call = () => built.app.inject({ method: 'POST', url: '/v1/leads/partner/webhook-test', headers: p.auth });

  const unverified = await call();
  t.match(unverified.json(), { ok: false, statusCode: 401, error: 'answered 401' }, 'a receiver without our secret refuses it');
  fake.setSecrets([p.webhookSecret]);
  const ok = await call();
  t.equal(ok.statusCode, 200);
  t.match(ok.json(), { webhookId: String, ok: true, statusCode: 200, error: null, durationMs: Number });
  t.match(fake.received.at(-1)!.payload, { type: 'webhook.test', data: { partnerId: p.partnerId, universityId: built.universities[0]!.id } });
  t.equal((await built.pool.query('SELECT count(*)::int AS n FROM deliveries')).rows[0].n, 0, 'nothing is queued or retried');

  const without = await partner(built, built.universities[1]!.id);
  const none = await built.app.inject({ method: 'POST', url: '/v1/leads/partner/webhook-test', headers: without.auth });
  t.equal(none.statusCode, 409);
  t.equal(none.json().code, 'no-webhook');
});
