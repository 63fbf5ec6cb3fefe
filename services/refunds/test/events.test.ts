import { randomUUID } from 'node:crypto';
import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { connectBus, publishEnvelope } from '@joo/bus';
import { EntitlementGranted, OrderCreated, PaymentSucceeded, ProductChanged, type EventData, type EventDefinition } from '@joo/contracts';
import { eventually, testBus } from '@joo/testing';
import { startBackground } from '../src/background.js';
import { applicationBody, build, PRICE, PRODUCT, studentHeaders } from './helper.js';

t.test('when billing\'s and catalog\'s events arrive over the bus, then a student can apply for the order they describe', async (t) => {
  const b = await build(t);
  const test = await testBus(t);
  const bus = await connectBus({ url: test.url, prefix: test.prefix, name: 'refunds-test' });
  const stops = await startBackground(b.ctx, { app: b.app, bus });
  t.teardown(async () => {
    for (const stop of stops) await stop();
    await bus.close();
  });
  const publish = async <D extends EventDefinition>(def: D, subject: string, data: EventData<D>) => {
    await bus.ensureStream(def.source);
    await publishEnvelope(bus, { id: uuidv7(), type: def.type, source: def.source, time: new Date().toISOString(), subject, data });
  };
  const userId = randomUUID();
  const orderId = uuidv7();
  const paidAt = new Date(Date.now() - 40 * 86_400_000);
  await publish(ProductChanged, PRODUCT, {
    productId: PRODUCT, version: 1, kind: 'package', code: 'standard', title: { kk: 'СТАНДАРТ', ru: 'Стандарт' }, price: PRICE, currency: 'KZT',
    courseMonths: 4, bonusDays: 30, requiresProfileSubject: false, status: 'active', changedAt: new Date().toISOString(),
  });
  await publish(OrderCreated, orderId, { orderId, userId, productId: PRODUCT, productVersion: 1, amount: PRICE, currency: 'KZT', profileSubject: null, createdAt: paidAt.toISOString() });
  await publish(PaymentSucceeded, orderId, {
    paymentId: randomUUID(), orderId, userId, productId: PRODUCT, productVersion: 1, profileSubject: null, amount: PRICE, currency: 'KZT', provider: 'sandbox', paidAt: paidAt.toISOString(),
  });
  await publish(EntitlementGranted, userId, {
    entitlementId: randomUUID(), userId, productId: PRODUCT, productVersion: 1, orderId, profileSubject: null, profileSubjects: [],
    validFrom: paidAt.toISOString(), validUntil: new Date(paidAt.getTime() + 150 * 86_400_000).toISOString(), grantedAt: paidAt.toISOString(),
  });
  const headers = studentHeaders(b, userId);
  // 100 tries 50 ms apart before: at least 5 s, and the requests' own time on top.
  const preview = await eventually(async () => {
    const answer = await b.app.inject({ method: 'GET', url: `/v1/refunds/orders/${orderId}/assessment`, headers });
    const access = await b.pool.query('SELECT 1 FROM access_starts WHERE order_id = $1', [orderId]);
    if (answer.statusCode !== 200 || access.rowCount !== 1) throw new Error(`assessment ${answer.statusCode} ${answer.body}; access start known: ${access.rowCount === 1}`);
    return answer;
  }, { timeoutMs: 10_000 });
  t.equal(preview.statusCode, 200, preview.body);
  // 40 days into a 4-month course: two months begun, two shares kept.
  t.same(preview.json().assessment, { rule: 'prorated', eligibleAmount: PRICE / 2, monthsCharged: 2 });
  const res = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...headers, 'idempotency-key': randomUUID() }, payload: applicationBody(orderId),
  });
  t.equal(res.statusCode, 201, res.body);
});
