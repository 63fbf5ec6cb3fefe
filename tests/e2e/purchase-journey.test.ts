import { randomUUID } from 'node:crypto';
import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';

t.test('purchase journey through the gateway: order, pay in the sandbox, watch', async (t) => {
  // deploy/services.json gives billing the sandbox, its secret and the gateway's URL for this run.
  const platform = await startPlatform(t, { services: ['catalog', 'billing'] });
  const call = client(platform.gatewayUrl);

  const offer = await call('GET', '/v1/identity/offers/current');
  const signUp = async (email: string, phone: string) => {
    const body = { fullName: 'Дана Омарова', region: 'astana', email, phone, password: 'sabaq-oqu-2026!', locale: 'ru', acceptOffer: true, offerVersion: offer.body.version };
    t.equal((await call('POST', '/v1/identity/register', { body })).status, 201, `${email} registers`);
    const login = await call('POST', '/v1/identity/login', { body: { login: email, password: body.password, device: { id: 'web', name: 'Browser' } } });
    t.equal(login.status, 200);
    return login.body.accessToken as string;
  };
  const token = await signUp('dana@example.kz', '+7 702 111 22 33');

  const products = await call('GET', '/v1/catalog/products');
  t.equal(products.status, 200);
  const standard = products.body.items.find((p: { code: string }) => p.code === 'standard');
  t.match(standard, { price: 16_000_000, currency: 'KZT' }, 'the Standard package of Appendix 2');

  const lessons = await call('GET', `/v1/catalog/content?product=${standard.id}&limit=5`);
  const lesson = lessons.body.items[0];
  t.ok(lesson, 'the package has content');
  const before = await call('GET', `/v1/catalog/content/${lesson.id}`, { token });
  t.equal(before.status, 403, 'not before paying');
  t.equal(before.body.code, 'no-entitlement');

  // Billing learns prices from catalog's events; until then the product is unknown to it (422, the key is released).
  const key = randomUUID();
  const orderBody = { productId: standard.id, profileSubject: 'math-physics', acceptTerms: true };
  const place = () => call('POST', '/v1/billing/orders', { token, body: orderBody, headers: { 'idempotency-key': key } });
  let placed = await place();
  await eventually(async () => (placed = await place()).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  t.match(placed.body, { orderId: /^[0-9a-f-]{36}$/, amount: 16_000_000, currency: 'KZT', status: 'pending', paymentUrl: /\/v1\/billing\/sandbox\/pay\/[0-9a-f-]{36}$/ });
  const again = await place();
  t.equal(again.status, 201);
  t.equal(again.body.orderId, placed.body.orderId, 'the same Idempotency-Key gives the same order');
  t.equal(again.headers.get('idempotent-replayed'), 'true');
  const mine = await call('GET', '/v1/billing/me/orders', { token });
  t.equal(mine.body.items.length, 1, 'one order');

  const pageUrl: string = placed.body.paymentUrl;
  t.ok(pageUrl.startsWith(`${platform.gatewayUrl}/v1/billing/sandbox/pay/`), 'the payment page is reached through the gateway');
  const page = await fetch(pageUrl);
  t.match(page.headers.get('content-type'), /text\/html/);
  t.match(await page.text(), /160\u00a0000\u00a0₸/, 'the sandbox page shows the amount');
  const confirm = await fetch(`${pageUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  t.equal(confirm.status, 200);
  t.match(await confirm.json(), { paymentStatus: 'succeeded', orderStatus: 'paid' });
  const order = await call('GET', `/v1/billing/orders/${placed.body.orderId}`, { token });
  t.match(order.body, { status: 'paid', paidAt: /Z$/ });

  const paid = Date.now();
  await eventually(async () => (await call('GET', `/v1/catalog/content/${lesson.id}`, { token })).status === 200, { timeoutMs: 10_000 });
  const waited = Date.now() - paid;
  const opened = await call('GET', `/v1/catalog/content/${lesson.id}`, { token });
  t.match(opened.body, { id: lesson.id, playbackUrl: /^http/ }, `the content opens with a playback URL (${waited} ms after paying)`);

  // The provider repeats its notice: acknowledged, nothing granted twice.
  const duplicate = await fetch(`${pageUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  t.equal(duplicate.status, 200);
  await new Promise((r) => setTimeout(r, 500));
  const entitlements = await call('GET', '/v1/catalog/me/entitlements', { token });
  t.equal(entitlements.status, 200);
  t.equal(entitlements.body.items.filter((e: { orderId: string | null }) => e.orderId === placed.body.orderId).length, 1, 'one entitlement for the order');

  const stranger = await signUp('erlan@example.kz', '+7 702 444 55 66');
  const peek = await call('GET', `/v1/billing/orders/${placed.body.orderId}`, { token: stranger });
  t.equal(peek.status, 404, 'another student cannot read the order');
  t.equal((await call('GET', '/v1/billing/me/orders', { token: stranger })).body.items.length, 0);

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
