import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { payInSandbox, placeOrder, refusal, register, signedIn } from './steps.js';

t.test('purchase journey through the gateway: order, pay in the sandbox, watch', async (t) => {
  // deploy/services.json gives billing the sandbox, its secret and the gateway's URL for this run.
  const platform = await startPlatform(t, { services: ['catalog', 'billing'] });
  const visitor = createJooClient({ baseUrl: platform.gatewayUrl });

  const signUp = async (email: string, phone: string) => {
    const student = { fullName: 'Дана Омарова', region: 'astana', email, phone, password: 'sabaq-oqu-2026!', locale: 'ru' as const };
    t.match(await register(visitor, student), { userId: /^[0-9a-f-]{36}$/ }, `${email} registers`);
    const joo = await signedIn(platform.gatewayUrl, email, student.password, 'Browser');
    t.ok(joo.session.tokens?.accessToken, 'and signs in');
    return joo;
  };
  const dana = await signUp('dana@example.kz', '+7 702 111 22 33');

  const products = await visitor.api.GET('/v1/catalog/products');
  t.equal(products.response.status, 200);
  const standard = products.data!.items.find((p) => p.code === 'standard')!;
  t.match(standard, { price: 16_000_000, currency: 'KZT' }, 'the Standard package of Appendix 2');

  const lessons = await visitor.get('/v1/catalog/content', { params: { query: { product: standard.id, limit: 5 } } });
  const lesson = lessons.items[0]!;
  t.ok(lesson, 'the package has content');
  const openLesson = () => dana.get('/v1/catalog/content/{id}', { params: { path: { id: lesson.id } } });
  t.match(await refusal(openLesson()), { status: 403, code: 'no-entitlement' }, 'not before paying');

  // Billing learns prices from catalog's events; until then the product is unknown to it (422, the key is released).
  const { place, placed: placing } = placeOrder(dana, standard.id);
  const placed = (await placing).data!;
  t.match(placed, { orderId: /^[0-9a-f-]{36}$/, amount: 16_000_000, currency: 'KZT', status: 'pending', paymentUrl: /\/v1\/billing\/sandbox\/pay\/[0-9a-f-]{36}$/ });
  const again = await place();
  t.equal(again.response.status, 201);
  t.equal(again.data!.orderId, placed.orderId, 'the same Idempotency-Key gives the same order');
  t.equal(again.response.headers.get('idempotent-replayed'), 'true');
  t.equal((await dana.get('/v1/billing/me/orders')).items.length, 1, 'one order');

  const pageUrl = placed.paymentUrl;
  t.ok(pageUrl.startsWith(`${platform.gatewayUrl}/v1/billing/sandbox/pay/`), 'the payment page is reached through the gateway');
  const page = await fetch(pageUrl);
  t.match(page.headers.get('content-type'), /text\/html/);
  t.match(await page.text(), /160\u00a0000\u00a0₸/, 'the sandbox page shows the amount');
  const confirm = await payInSandbox(pageUrl);
  t.equal(confirm.status, 200);
  t.match(confirm.body, { paymentStatus: 'succeeded', orderStatus: 'paid' });
  const order = await dana.get('/v1/billing/orders/{id}', { params: { path: { id: placed.orderId } } });
  t.match(order, { status: 'paid', paidAt: /Z$/ });

  const paid = Date.now();
  const opened = await eventually(openLesson, { timeoutMs: 10_000 });
  const waited = Date.now() - paid;
  t.match(opened, { id: lesson.id, playbackUrl: /^http/ }, `the content opens with a playback URL (${waited} ms after paying)`);

  // The provider repeats its notice: acknowledged, nothing granted twice.
  const duplicate = await payInSandbox(pageUrl);
  t.equal(duplicate.status, 200);
  await new Promise((r) => setTimeout(r, 500));
  const entitlements = await dana.api.GET('/v1/catalog/me/entitlements');
  t.equal(entitlements.response.status, 200);
  t.equal(entitlements.data!.items.filter((e) => e.orderId === placed.orderId).length, 1, 'one entitlement for the order');

  const stranger = await signUp('erlan@example.kz', '+7 702 444 55 66');
  t.match(await refusal(stranger.get('/v1/billing/orders/{id}', { params: { path: { id: placed.orderId } } })), { status: 404 }, 'another student cannot read the order');
  t.equal((await stranger.get('/v1/billing/me/orders')).items.length, 0);

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
