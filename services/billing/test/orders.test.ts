import { randomUUID } from 'node:crypto';
import t from 'tap';
import { bearer, build, metric, order, outbox, PREMIUM, seedProducts, STANDARD, SUBSCRIPTION } from './helper.js';

const url = '/v1/billing/orders';

t.test('when the same Idempotency-Key is sent twice, then one order exists and the first answer is replayed', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const post = (key: string, body: Record<string, unknown> = {}) => b.app.inject({
    method: 'POST', url, headers: { ...bearer(b.token(userId)), 'idempotency-key': key },
    payload: { productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true, ...body },
  });
  const first = await post('key-1');
  t.equal(first.statusCode, 201, first.body);
  t.match(first.json(), {
    orderId: /^[0-9a-f-]{36}$/, amount: 16_000_000, currency: 'KZT', status: 'pending', paymentMethod: 'sandbox',
    paymentUrl: /^http:\/\/gateway\.test:8080\/v1\/billing\/sandbox\/pay\/[0-9a-f-]{36}$/, productVersion: 1, profileSubject: 'math-physics',
  });
  t.match(first.json().notices, [{ code: 'payment-system-commission', clause: '4.3', ru: /Платежная система может взимать сверх стоимости услуг/, kk: /Төлем жүйесі/ }],
    'offer 4.3: the payment system commission warning comes with the order');
  const fetched = await b.app.inject({ url: `${url}/${first.json().orderId}`, headers: bearer(b.token(userId)) });
  t.same(fetched.json().notices, first.json().notices, 'and with the order when read again');
  const again = await post('key-1');
  t.equal(again.statusCode, 201);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.same(again.json(), first.json());
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 1, 'one order');
  t.equal((await outbox(b.pool, 'billing.order.created.v1')).length, 1, 'one order.created');
  t.match((await outbox(b.pool, 'billing.order.created.v1'))[0], { orderId: first.json().orderId, userId, amount: 16_000_000, productVersion: 1 });
  t.equal(await metric(b.app, 'joo_billing_orders_created_total'), 1);

  const otherBody = await post('key-1', { productId: PREMIUM });
  t.equal(otherBody.statusCode, 422, 'the same key for another order');
  t.equal(otherBody.json().code, 'idempotency-key-reused');
  const missing = await b.app.inject({ method: 'POST', url, headers: bearer(b.token(userId)), payload: { productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true } });
  t.equal(missing.statusCode, 400);
  t.equal(missing.json().code, 'idempotency-key-missing');
});

t.test('when the product is unknown, retired, lacks its profile subject or the terms are refused, then 422 names why', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const post = (body: Record<string, unknown>) => b.app.inject({
    method: 'POST', url, headers: { ...bearer(b.token(userId)), 'idempotency-key': randomUUID() },
    payload: { productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true, ...body },
  });
  const unknown = await post({ productId: randomUUID() });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.json(), { code: 'unknown-product', errors: [{ field: '/productId' }] });
  const noSubject = await post({ profileSubject: undefined });
  t.match(noSubject.json(), { status: 422, code: 'profile-subject-required', errors: [{ field: '/profileSubject' }] });
  const noTerms = await post({ acceptTerms: false });
  t.match(noTerms.json(), { status: 422, code: 'terms-not-accepted', errors: [{ field: '/acceptTerms' }] });
  const method = await post({ paymentMethod: 'paypal' });
  t.match(method.json(), { status: 422, code: 'payment-method-unavailable' });

  await b.product({ productId: PREMIUM, version: 2, code: 'premium', price: 25_000_000, status: 'retired' });
  const retired = await post({ productId: PREMIUM });
  t.match(retired.json(), { status: 422, code: 'product-retired' });

  const subscription = await post({ productId: SUBSCRIPTION, profileSubject: undefined });
  t.equal(subscription.statusCode, 201, 'a subscription needs no profile subject');
  t.equal(subscription.json().profileSubject, null);

  const bad = await post({ productId: '', profileSubject: 'Math Physics', acceptTerms: 'yes', extra: 1 });
  t.equal(bad.statusCode, 400);
  t.same(bad.json().errors.map((e: { field: string }) => e.field).sort(), ['/acceptTerms', '/extra', '/productId', '/profileSubject']);
  t.equal((await b.pool.query('SELECT count(*)::int AS n FROM orders')).rows[0].n, 1, 'only the subscription was ordered');
});

t.test('when the tariff changes after an order, then the order keeps its price and new orders pay the new one', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const userId = randomUUID();
  const before = await order(b, userId);
  await b.product({ productId: STANDARD, version: 2, price: 18_000_000 });
  // An older version arriving late (events of one product may be redelivered) changes nothing.
  await b.product({ productId: STANDARD, version: 1, price: 1 });
  const after = await order(b, userId);
  t.equal(after.amount, 18_000_000);
  t.equal(after.productVersion, 2);
  const reread = await b.app.inject({ url: `${url}/${before.orderId}`, headers: bearer(b.token(userId)) });
  t.equal(reread.json().amount, 16_000_000, 'the first order kept its snapshot');
  t.equal(reread.json().productVersion, 1);
});

t.test('when someone else asks for an order, then 404; its owner and an admin see it', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const owner = randomUUID();
  const placed = await order(b, owner);
  const get = (token: string) => b.app.inject({ url: `${url}/${placed.orderId}`, headers: bearer(token) });
  t.equal((await get(b.token(owner))).statusCode, 200);
  const stranger = await get(b.token(randomUUID()));
  t.equal(stranger.statusCode, 404);
  t.match(stranger.headers['content-type'], /problem\+json/);
  t.equal((await get(b.token(randomUUID(), ['admin']))).statusCode, 200);
  t.equal((await b.app.inject({ url: `${url}/${placed.orderId}` })).statusCode, 401);
  t.equal((await b.app.inject({ url: `${url}/${placed.orderId}`, headers: bearer(b.issuer.forge('alg-none', { sub: owner, sid: randomUUID() })) })).statusCode, 401);
});

t.test('when a student lists their orders, then pages of their own orders come newest first', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const me = randomUUID();
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await order(b, me, { productId: i % 2 ? PREMIUM : STANDARD })).orderId);
  await order(b, randomUUID());
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res: { statusCode: number; json(): any } = await b.app.inject({ url: `/v1/billing/me/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(b.token(me)) });
    t.equal(res.statusCode, 200);
    seen.push(...res.json().items.map((o: { orderId: string }) => o.orderId));
    cursor = res.json().nextCursor;
  } while (cursor);
  t.same(seen, [...ids].reverse());
  const bad = await b.app.inject({ url: '/v1/billing/me/orders?cursor=WyJ4IiwieSJd', headers: bearer(b.token(me)) });
  t.equal(bad.statusCode, 400);
});

t.test('when the payment methods are asked for, then the enabled ones come with kk and ru names', async (t) => {
  const b = await build(t);
  const res = await b.app.inject('/v1/billing/payment-methods');
  t.equal(res.statusCode, 200);
  t.same(res.json().items.map((m: { code: string }) => m.code), ['sandbox', 'cloudpayments']);
  t.ok(res.json().items.every((m: { title: { kk: string; ru: string } }) => m.title.kk && m.title.ru));
});

t.test('when no payment method is enabled, then orders are refused with 503 and none is kept', async (t) => {
  const b = await build(t, { providers: [] });
  await seedProducts(b);
  const res = await b.app.inject({
    method: 'POST', url, headers: { ...bearer(b.token(randomUUID())), 'idempotency-key': 'k' },
    payload: { productId: STANDARD, profileSubject: 'math-physics', acceptTerms: true },
  });
  t.equal(res.statusCode, 503);
  t.equal(res.json().code, 'no-payment-methods');
  t.same((await b.app.inject('/v1/billing/payment-methods')).json().items, []);
  t.equal((await b.app.inject({ url: `/v1/billing/sandbox/pay/${randomUUID()}` })).statusCode, 404, 'no sandbox page either');
});
