import { randomUUID } from 'node:crypto';
import t from 'tap';
import { eventually, startPlatform } from '@joo/testing';
import { client } from './http.js';

t.test('refund journey through the gateway: buy, apply on day 1, approve, paid back in the sandbox, access gone', async (t) => {
  const platform = await startPlatform(t, { services: ['catalog', 'billing', 'refunds', 'notifications'] });
  const call = client(platform.gatewayUrl);

  const offer = await call('GET', '/v1/identity/offers/current');
  const body = {
    fullName: 'Дана Омарова', region: 'astana', email: 'dana.refund@example.kz', phone: '+7 702 111 22 44', password: 'sabaq-oqu-2026!', locale: 'ru',
    acceptOffer: true, offerVersion: offer.body.version,
  };
  t.equal((await call('POST', '/v1/identity/register', { body })).status, 201);
  const token = (await call('POST', '/v1/identity/login', { body: { login: body.email, password: body.password, device: { id: 'web', name: 'Browser' } } })).body.accessToken as string;
  const admin = (await call('POST', '/v1/identity/login', { body: { login: platform.admin.email, password: platform.admin.password, device: { id: 'admin', name: 'Admin' } } })).body.accessToken as string;

  // Buy the Standard package and pay in the sandbox.
  const standard = (await call('GET', '/v1/catalog/products')).body.items.find((p: { code: string }) => p.code === 'standard');
  const orderBody = { productId: standard.id, profileSubject: 'math-physics', acceptTerms: true };
  const orderKey = randomUUID();
  let placed = await call('POST', '/v1/billing/orders', { token, body: orderBody, headers: { 'idempotency-key': orderKey } });
  await eventually(async () => (placed = await call('POST', '/v1/billing/orders', { token, body: orderBody, headers: { 'idempotency-key': orderKey } })).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  const orderId: string = placed.body.orderId;
  const confirm = await fetch(`${placed.body.paymentUrl}/confirm`, { method: 'POST', headers: { accept: 'application/json' } });
  t.equal(confirm.status, 200, 'paid in the sandbox');
  const lesson = (await call('GET', `/v1/catalog/content?product=${standard.id}&limit=1`)).body.items[0];
  await eventually(async () => (await call('GET', `/v1/catalog/content/${lesson.id}`, { token })).status === 200, { timeoutMs: 10_000 });

  // An incomplete application is not considered: 422 listing the fields, nothing stored.
  const incomplete = await call('POST', '/v1/refunds/applications', { token, body: { orderId, reason: 'не подошло' }, headers: { 'idempotency-key': randomUUID() } });
  t.equal(incomplete.status, 422);
  t.ok(incomplete.body.errors.length >= 6, `${incomplete.body.errors.length} missing fields listed`);
  t.equal((await call('GET', '/v1/refunds/me/applications', { token })).body.items.length, 0, 'nothing stored');

  // Day 1: the full amount. The payment reaches refunds through billing's event, so wait for it.
  const application = {
    orderId, userFullName: 'Дана Омарова', payerFullName: 'Дана Омарова', amount: 16_000_000, accountIban: 'KZ86125KZT5004100100',
    paymentDate: new Date().toISOString().slice(0, 10), bankBic: 'HSBKKZKX', reason: 'Изменились планы на подготовку',
  };
  const key = randomUUID();
  let applied = await call('POST', '/v1/refunds/applications', { token, body: application, headers: { 'idempotency-key': key } });
  await eventually(async () => (applied = await call('POST', '/v1/refunds/applications', { token, body: application, headers: { 'idempotency-key': key } })).status === 201, { timeoutMs: 10_000, intervalMs: 100 });
  t.match(applied.body, {
    status: 'submitted', assessment: { rule: 'full', eligibleAmount: 16_000_000, monthsCharged: 0 }, reviewDueBy: /^\d{4}-\d{2}-\d{2}$/, commissionNotice: /12%/,
  });
  const id: string = applied.body.id;

  const stranger = await call('GET', `/v1/refunds/applications/${id}`, { token: admin });
  t.equal(stranger.status, 404, 'the student route shows only one\'s own applications');
  const queue = await call('GET', '/v1/refunds/admin/applications?status=submitted', { token: admin });
  t.ok(queue.body.items.some((a: { id: string }) => a.id === id), 'the admin sees it in the queue');

  const approved = await call('POST', `/v1/refunds/admin/applications/${id}/approve`, { token: admin });
  t.equal(approved.status, 200, JSON.stringify(approved.body));
  t.equal(approved.body.decision.approvedAmount, 16_000_000);
  t.equal((await call('POST', `/v1/refunds/admin/applications/${id}/approve`, { token: admin })).status, 409, 'a second approval is refused');

  // Billing pays it back through the sandbox provider, then refunds hears billing.refund.paid.
  const approvedAt = Date.now();
  await eventually(async () => (await call('GET', `/v1/refunds/applications/${id}`, { token })).body.status === 'paid', { timeoutMs: 20_000, intervalMs: 100 });
  const paidIn = Date.now() - approvedAt;
  const paid = await call('GET', `/v1/refunds/applications/${id}`, { token });
  t.match(paid.body, { status: 'paid', decision: { approvedAmount: 16_000_000, paidAt: /Z$/ } }, `paid back ${paidIn} ms after approval`);
  const order = await call('GET', `/v1/billing/orders/${orderId}`, { token });
  t.equal(order.body.refundedAmount, 16_000_000, 'billing records the refund on the order');

  await eventually(async () => (await call('GET', `/v1/catalog/content/${lesson.id}`, { token })).status === 403, { timeoutMs: 10_000 });
  const entitlements = await call('GET', '/v1/catalog/me/entitlements', { token });
  const bought = entitlements.body.items.find((e: { orderId: string | null }) => e.orderId === orderId);
  t.match(bought, { state: 'revoked', revokedReason: 'refund' }, 'the entitlement is gone, revoked by the refund');

  // The student is told the decision and the payout.
  const told = ['refund_submitted', 'refund_approved', 'refund_paid'];
  const missing = async () => {
    const sent = (await call('GET', '/v1/notifications/me', { token })).body.items.map((m: { template: string }) => m.template) as string[];
    return told.filter((name) => !sent.includes(name));
  };
  // Waits for the messages; on timeout the assertion below names the missing ones.
  await eventually(async () => (await missing()).length === 0, { timeoutMs: 15_000, intervalMs: 200 }).catch(() => undefined);
  t.same(await missing(), [], 'refund submitted, approved and paid messages reached the student');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
