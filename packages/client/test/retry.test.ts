import t from 'tap';
import { ApiError, createJooClient, retryAfterMs, retryDelayMs, takesIdempotencyKey } from '../src/index.js';
import { json, localServer, problem } from './server.js';

const ORDER = { productId: '0195d3c2-6a5e-7cc0-8a39-3b9f5c1e2a10', profileSubject: 'math-physics', acceptTerms: true };
const noWait = { sleep: async () => undefined };

t.test('when billing answers 503 twice, then the order is placed on the third attempt with one Idempotency-Key', async (t) => {
  let calls = 0;
  const server = await localServer(t, (_req, res) => {
    calls++;
    if (calls < 3) return json(res, 503, problem(503, 'unavailable'), { 'retry-after': '0' });
    json(res, 201, { orderId: 'o-1' });
  });
  const joo = createJooClient({ baseUrl: server.url, retry: noWait });
  const placed = await joo.post('/v1/billing/orders', { body: ORDER });
  t.match(placed, { orderId: 'o-1' });
  t.equal(server.seen.length, 3);
  const keys = server.seen.map((s) => s.headers['idempotency-key']);
  t.match(keys[0], /^[0-9a-f-]{36}$/, 'a fresh key was added');
  t.same(new Set(keys).size, 1, 'every attempt repeats the same key');
  t.same(server.seen.map((s) => JSON.parse(s.body)), [ORDER, ORDER, ORDER], 'and the same body');

  calls = 0;
  await joo.post('/v1/billing/orders', { body: ORDER });
  t.not(server.seen[3]!.headers['idempotency-key'], keys[0], 'the next call has a new key');
});

t.test('when the caller passes an Idempotency-Key, then it is kept; calls that take none get none', async (t) => {
  const server = await localServer(t, (_req, res) => json(res, 200, { items: [] }));
  const joo = createJooClient({ baseUrl: `${server.url}/api`, retry: false });
  await joo.api.POST('/v1/billing/orders', { body: ORDER, headers: { 'idempotency-key': 'press-1' } });
  await joo.get('/v1/catalog/products');
  await joo.api.POST('/v1/identity/logout');
  t.equal(server.seen[0]!.headers['idempotency-key'], 'press-1');
  t.equal(server.seen[0]!.url, '/api/v1/billing/orders', 'a base path is kept');
  t.equal(server.seen[1]!.headers['idempotency-key'], undefined);
  t.equal(server.seen[2]!.headers['idempotency-key'], undefined);
});

t.test('when the server asks for a wait longer than the client allows, then the 429 surfaces as an ApiError', async (t) => {
  const server = await localServer(t, (_req, res) => json(res, 429, problem(429, 'rate-limited', { detail: 'slow down' }), { 'retry-after': '3600' }));
  const joo = createJooClient({ baseUrl: server.url, retry: { ...noWait, maxDelayMs: 5_000 } });
  const error = await joo.get('/v1/catalog/products').catch((e: unknown) => e);
  t.ok(error instanceof ApiError);
  t.match(error, { status: 429, code: 'rate-limited', detail: 'slow down' });
  t.equal(server.seen.length, 1, 'not retried');
});

t.test('when retries run out, then the last 503 is the error; the waits honour Retry-After', async (t) => {
  const waits: number[] = [];
  const server = await localServer(t, (_req, res) => json(res, 503, problem(503, 'unavailable'), { 'retry-after': '2' }));
  const joo = createJooClient({ baseUrl: server.url, retry: { retries: 2, sleep: async (ms) => { waits.push(ms); } } });
  await t.rejects(joo.get('/v1/catalog/products'), { status: 503, code: 'unavailable' });
  t.equal(server.seen.length, 3);
  t.same(waits, [2000, 2000]);
});

t.test('when a real wait is asked for, then the retry comes after it', async (t) => {
  let first = 0;
  const server = await localServer(t, (_req, res) => {
    if (!first) { first = Date.now(); return json(res, 503, problem(503, 'unavailable'), { 'retry-after': '1' }); }
    json(res, 200, { items: [] });
  });
  const joo = createJooClient({ baseUrl: server.url });
  await joo.get('/v1/catalog/products');
  t.ok(Date.now() - first >= 950, `waited ${Date.now() - first} ms`);
});

t.test('Retry-After reads seconds and HTTP dates; without it the back-off doubles within bounds', async (t) => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  t.equal(retryAfterMs('3', now), 3000);
  t.equal(retryAfterMs('Mon, 07 Dec 2026 10:00:05 GMT', now), 5000);
  t.equal(retryAfterMs('Mon, 07 Dec 2026 09:00:00 GMT', now), 0, 'a date in the past: now');
  t.equal(retryAfterMs('soon', now), undefined);
  t.equal(retryAfterMs(null, now), undefined);
  const bare = new Response(null, { status: 503 });
  const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
  t.equal(retryDelayMs(bare, 0, { ...opts, random: () => 0 }), 50);
  t.equal(retryDelayMs(bare, 0, { ...opts, random: () => 0.999 }), 100);
  t.equal(retryDelayMs(bare, 3, { ...opts, random: () => 0 }), 400);
  t.equal(retryDelayMs(bare, 10, { ...opts, random: () => 0.999 }), 1000, 'capped at maxDelayMs');
});

t.test('an operation with path parameters is matched on its template, after any base path', async (t) => {
  const takesKey = takesIdempotencyKey(['POST /v1/refunds/applications/{id}/appeal']);
  const request = (method: string, path: string) => new Request(`http://127.0.0.1/api${path}`, { method });
  t.ok(takesKey(request('POST', '/v1/refunds/applications/0195d3c2/appeal')));
  t.notOk(takesKey(request('POST', '/v1/refunds/applications/a/b/appeal')), 'a parameter is one segment');
  t.notOk(takesKey(request('GET', '/v1/refunds/applications/0195d3c2/appeal')), 'another method');
  t.notOk(takesKey(request('POST', '/v1/refunds/applications/0195d3c2/appeal/extra')));
});
