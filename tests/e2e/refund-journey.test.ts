import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createJooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { buyInSandbox, fullRefundApplication, refusal, register, signedIn } from './steps.js';

t.test('refund journey through the gateway: buy, apply on day 1, approve to the card, paid back in the sandbox, access gone', async (t) => {
  const platform = await startPlatform(t, { services: ['catalog', 'billing', 'refunds', 'notifications'] });
  const baseUrl = platform.gatewayUrl;
  const student = { fullName: 'Дана Омарова', region: 'astana', email: 'dana.refund@example.kz', phone: '+7 702 111 22 44', password: 'sabaq-oqu-2026!', locale: 'ru' as const };
  t.match(await register(createJooClient({ baseUrl }), student), { userId: String }, 'registered');
  const dana = await signedIn(baseUrl, student.email, student.password, 'Browser');
  const admin = await signedIn(baseUrl, platform.admin.email, platform.admin.password, 'admin');

  // Buy the Standard package and pay in the sandbox.
  const { orderId, productId, confirmed } = await buyInSandbox(dana);
  t.equal(confirmed.status, 200, 'paid in the sandbox');
  const lesson = (await dana.get('/v1/catalog/content', { params: { query: { product: productId, limit: 1 } } })).items[0]!;
  const openLesson = () => dana.get('/v1/catalog/content/{id}', { params: { path: { id: lesson.id } } });
  await eventually(openLesson, { timeoutMs: 10_000 });

  // An incomplete application is not considered: 422 listing the fields, nothing stored (the client adds the Idempotency-Key).
  const incomplete = await refusal(dana.post('/v1/refunds/applications', { body: { orderId, reason: 'не подошло' } as never }));
  t.equal(incomplete.status, 422);
  t.ok(incomplete.errors.length >= 6, `${incomplete.errors.length} missing fields listed`);
  t.equal((await dana.get('/v1/refunds/me/applications')).items.length, 0, 'nothing stored');

  // Day 1: the full amount. The payment reaches refunds through billing's event, so apply again (same key) until it has.
  const application = fullRefundApplication(orderId, student.fullName, 16_000_000);
  const headers = { 'idempotency-key': randomUUID() };
  const applied = await eventually(async () => {
    const r = await dana.api.POST('/v1/refunds/applications', { body: application, headers });
    return r.response.status === 201 && r.data;
  }, { timeoutMs: 10_000, intervalMs: 100 });
  t.match(applied, {
    status: 'submitted', assessment: { rule: 'full', eligibleAmount: 16_000_000, monthsCharged: 0 }, reviewDueBy: /^\d{4}-\d{2}-\d{2}$/, commissionNotice: /12%/,
  });
  const id = applied.id;
  const byId = { params: { path: { id } } };

  t.match(await refusal(admin.get('/v1/refunds/applications/{id}', byId)), { status: 404 }, 'the student route shows only one\'s own applications');
  const queue = await admin.get('/v1/refunds/admin/applications', { params: { query: { status: 'submitted' } } });
  t.ok(queue.items.some((a) => a.id === id), 'the admin sees it in the queue');

  // The card, an admin's choice with its reason (bank transfer is the default: bank-payout-journey.test.ts).
  const approved = await admin.api.POST('/v1/refunds/admin/applications/{id}/approve', {
    ...byId, body: { method: 'card', reason: 'Студент просит вернуть на карту' } as never,
  });
  t.equal(approved.response.status, 200, JSON.stringify(approved.error));
  t.equal(approved.data!.decision!.approvedAmount, 16_000_000);
  t.match(await refusal(admin.post('/v1/refunds/admin/applications/{id}/approve', { ...byId, body: {} })), { status: 409 }, 'a second approval is refused');

  // Billing pays it back through the sandbox provider, then refunds hears billing.refund.paid.
  const approvedAt = Date.now();
  const paid = await eventually(async () => { const a = await dana.get('/v1/refunds/applications/{id}', byId); return a.status === 'paid' && a; }, { timeoutMs: 20_000, intervalMs: 100 });
  const paidIn = Date.now() - approvedAt;
  t.match(paid, { status: 'paid', decision: { approvedAmount: 16_000_000, paidAt: /Z$/ } }, `paid back ${paidIn} ms after approval`);
  const order = await dana.get('/v1/billing/orders/{id}', { params: { path: { id: orderId } } });
  t.equal(order.refundedAmount, 16_000_000, 'billing records the refund on the order');

  await eventually(async () => (await refusal(openLesson())).status === 403, { timeoutMs: 10_000 });
  const entitlements = await dana.get('/v1/catalog/me/entitlements');
  const bought = entitlements.items.find((e) => e.orderId === orderId);
  t.match(bought, { state: 'revoked', revokedReason: 'refund' }, 'the entitlement is gone, revoked by the refund');

  // The student is told the decision and the payout.
  const told = ['refund_submitted', 'refund_approved', 'refund_paid'];
  const missing = async () => {
    const sent = (await dana.get('/v1/notifications/me')).items.map((m) => m.template);
    return told.filter((name) => !sent.includes(name));
  };
  // Waits for the messages; on timeout the assertion below names the missing ones.
  await eventually(async () => (await missing()).length === 0, { timeoutMs: 15_000, intervalMs: 200 }).catch(() => undefined);
  t.same(await missing(), [], 'refund submitted, approved and paid messages reached the student');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
