import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { handleOnce } from '@joo/bus';
import { PaymentSucceeded, RefundApproved, UserErased } from '@joo/contracts';
import { countRoundTrips, eventually } from '@joo/testing';
import { catalogRoutes } from '../src/events/handlers.js';
import { grantForPayment, revokeForRefund } from '../src/usecases/entitlements.js';
import { build, metric, outbox, STANDARD_PACKAGE_ID, wire, type Built } from './helper.js';

const MATH_KK = '01940000-0000-7000-8000-0000000c0001';

function payment(userId: string, overrides: Partial<{ orderId: string; paidAt: string; profileSubject: string | null }> = {}) {
  return {
    paymentId: uuidv7(), orderId: overrides.orderId ?? uuidv7(), userId, productId: STANDARD_PACKAGE_ID, productVersion: 1,
    profileSubject: overrides.profileSubject === undefined ? 'math-physics' : overrides.profileSubject, amount: 16_000_000,
    currency: 'KZT' as const, provider: 'sandbox', paidAt: overrides.paidAt ?? new Date().toISOString(),
  };
}

function refund(userId: string, orderId: string) {
  return {
    applicationId: uuidv7(), orderId, userId, amount: 16_000_000, currency: 'KZT' as const, payoutDueBy: '2026-12-10',
    approvedAt: new Date().toISOString(),
  };
}

const entitlementsOf = async (b: Built, userId: string) =>
  (await b.app.inject({ method: 'GET', url: '/v1/catalog/me/entitlements', headers: b.as(userId) })).json().items as Array<Record<string, unknown>>;
const openAs = async (b: Built, userId: string) => (await b.app.inject({ method: 'GET', url: `/v1/catalog/content/${MATH_KK}`, headers: b.as(userId) })).statusCode;

t.test('when billing publishes a payment, then the entitlement is granted once, published, and opens the content', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const student = uuidv7();
  const paid = payment(student, { paidAt: '2026-11-20T04:00:00.000Z' });
  t.equal(await openAs(b, student), 403);

  const eventId = await bus.publish(PaymentSucceeded, paid.orderId, paid);
  const [granted] = await eventually(async () => (await entitlementsOf(b, student)).length > 0 && entitlementsOf(b, student));
  t.match(granted, {
    userId: student, productId: STANDARD_PACKAGE_ID, productVersion: 1, orderId: paid.orderId, profileSubject: 'math-physics',
    validFrom: '2026-11-20T04:00:00.000Z', validUntil: '2027-04-19T04:00:00.000Z', state: 'active', grantedBy: 'payment',
    product: { code: 'standard', title: { ru: 'Стандарт' } },
  });
  t.equal(await openAs(b, student), 200);

  // The same event again (a redelivery), and the same order in a new event (a duplicated provider callback).
  await bus.publish(PaymentSucceeded, paid.orderId, paid, eventId);
  await bus.publish(PaymentSucceeded, paid.orderId, { ...paid, paymentId: uuidv7() });
  const marker = payment(uuidv7());
  await bus.publish(PaymentSucceeded, marker.orderId, marker);
  await eventually(async () => (await entitlementsOf(b, marker.userId)).length > 0);
  t.equal((await entitlementsOf(b, student)).length, 1, 'one order, one entitlement');

  const events = await outbox(b.pool, 'catalog.entitlement.granted.v1', student);
  t.equal(events.length, 1);
  t.match(events[0], { orderId: paid.orderId, profileSubject: 'math-physics', profileSubjects: ['math', 'physics'], validUntil: '2027-04-19T04:00:00.000Z' });
  await eventually(async () => (await b.pool.query('SELECT 1 FROM outbox WHERE published_at IS NULL')).rowCount === 0);
  t.equal(await metric(b.app, 'joo_catalog_entitlements_granted_total'), 2);
});

t.test('when a refund is approved, then the order\'s entitlement ends; when it comes before the payment, the payment grants nothing live', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const student = uuidv7();
  const paid = payment(student);
  await bus.publish(PaymentSucceeded, paid.orderId, paid);
  await eventually(async () => (await openAs(b, student)) === 200);

  await bus.publish(RefundApproved, uuidv7(), refund(student, paid.orderId));
  const [revoked] = await eventually(async () => {
    const list = await entitlementsOf(b, student);
    return list[0]?.state === 'revoked' && list;
  });
  t.match(revoked, { revokedReason: 'refund', orderId: paid.orderId });
  t.equal(await openAs(b, student), 403);
  t.match(await outbox(b.pool, 'catalog.entitlement.revoked.v1', student), [{ orderId: paid.orderId, reason: 'refund' }]);
  t.equal(await metric(b.app, 'joo_catalog_entitlements_revoked_total', 'reason="refund"'), 1);

  const late = uuidv7();
  const latePayment = payment(late);
  await bus.publish(RefundApproved, uuidv7(), refund(late, latePayment.orderId));
  await eventually(async () => (await b.pool.query('SELECT 1 FROM order_gates WHERE order_id = $1 AND refund_approved_at IS NOT NULL', [latePayment.orderId])).rowCount === 1);
  await bus.publish(PaymentSucceeded, latePayment.orderId, latePayment);
  const [stored] = await eventually(async () => (await entitlementsOf(b, late)).length > 0 && entitlementsOf(b, late));
  t.match(stored, { state: 'revoked', revokedReason: 'refund' });
  t.equal(await openAs(b, late), 403);
  t.same(await outbox(b.pool, 'catalog.entitlement.granted.v1', late), [], 'nobody is told of a grant that never was live');
});

t.test('when the product is retired after the purchase, then what was bought keeps working (offer 5.8)', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const student = uuidv7();
  const paid = payment(student);
  await bus.publish(PaymentSucceeded, paid.orderId, paid);
  await eventually(async () => (await openAs(b, student)) === 200);

  const admin = b.as(uuidv7(), ['admin']);
  const retired = await b.app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${STANDARD_PACKAGE_ID}/retire`, headers: admin });
  t.equal(retired.json().status, 'retired');
  t.match((await outbox(b.pool, 'catalog.product.changed.v1', STANDARD_PACKAGE_ID)).at(-1), { status: 'retired' }, 'billing learns it can no longer sell it');
  t.equal(await openAs(b, student), 200);
  t.equal((await entitlementsOf(b, student))[0]!.state, 'active');

  // An order placed before the retirement and paid after it is still honoured.
  const paidLate = payment(uuidv7());
  await bus.publish(PaymentSucceeded, paidLate.orderId, paidLate);
  await eventually(async () => (await openAs(b, paidLate.userId)) === 200);
});

t.test('when an admin grants and revokes, then both are published and a second revoke is a conflict', async (t) => {
  const b = await build(t);
  const admin = b.as(uuidv7(), ['admin']);
  const student = uuidv7();
  const grant = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: {
    userId: student, productId: STANDARD_PACKAGE_ID, validFrom: '2026-01-01T00:00:00Z', validUntil: '2099-01-01T00:00:00Z',
  } });
  t.equal(grant.statusCode, 201);
  const id = grant.json().id;
  t.match(grant.json(), { orderId: null, grantedBy: 'admin', validUntil: '2099-01-01T00:00:00.000Z' });
  t.match(await outbox(b.pool, 'catalog.entitlement.granted.v1', student), [{ entitlementId: id, orderId: null, profileSubjects: [] }]);
  t.equal(await openAs(b, student), 200);

  const bad = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: STANDARD_PACKAGE_ID, profileSubject: 'music-dance' } });
  t.equal(bad.statusCode, 422);
  const empty = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: STANDARD_PACKAGE_ID, validFrom: '2026-01-02T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' } });
  t.equal(empty.statusCode, 400);
  const unknown = await b.app.inject({ method: 'POST', url: '/v1/catalog/admin/entitlements', headers: admin, payload: { userId: student, productId: uuidv7() } });
  t.equal(unknown.statusCode, 422);

  const revoke = (entitlementId: string, headers = admin) => b.app.inject({ method: 'POST', url: `/v1/catalog/admin/entitlements/${entitlementId}/revoke`, headers, payload: { reason: 'shared the account' } });
  t.equal((await revoke(id, b.as(student))).statusCode, 403, 'a student cannot revoke');
  const revoked = await revoke(id);
  t.equal(revoked.statusCode, 200);
  t.match(revoked.json(), { state: 'revoked', revokedReason: 'admin' });
  t.equal((await revoke(id)).json().code, 'entitlement-revoked');
  t.equal((await revoke(uuidv7())).statusCode, 404);
  t.match(await outbox(b.pool, 'catalog.entitlement.revoked.v1', student), [{ entitlementId: id, reason: 'admin' }]);
  t.equal(await openAs(b, student), 403);

  const listed = (await b.app.inject({ method: 'GET', url: `/v1/catalog/admin/entitlements?userId=${student}`, headers: admin })).json();
  t.same(listed.items.map((e: { id: string }) => e.id), [id]);
  t.same(await entitlementsOf(b, uuidv7()), [], 'nobody sees another user\'s entitlements');
});

t.test('when identity erases a user, then live entitlements end and only the user id remains', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const student = uuidv7();
  const paid = payment(student);
  await bus.publish(PaymentSucceeded, paid.orderId, paid);
  await eventually(async () => (await openAs(b, student)) === 200);

  await bus.publish(UserErased, student, { userId: student, noticeEmail: 'gone@example.kz', locale: 'kk', erasedAt: new Date().toISOString() });
  await eventually(async () => (await entitlementsOf(b, student))[0]?.state === 'revoked');
  const { rows } = await b.pool.query('SELECT profile_subject, revoked_reason, revoked_note, order_id FROM entitlements WHERE user_id = $1', [student]);
  t.same(rows, [{ profile_subject: null, revoked_reason: 'erased', revoked_note: null, order_id: paid.orderId }], 'the order id stays for the financial record');
  t.match(await outbox(b.pool, 'catalog.entitlement.revoked.v1', student), [{ reason: 'erased' }]);
  const stored = JSON.stringify((await b.pool.query('SELECT * FROM entitlements')).rows);
  t.notMatch(stored, /gone@example\.kz/);
});

t.test('when a product has a newer version, then a payment for the older one gets the terms it was bought with', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const admin = b.as(uuidv7(), ['admin']);
  const v2 = await b.app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${STANDARD_PACKAGE_ID}/versions`, headers: admin, payload: { courseMonths: 6, price: 20_000_000 } });
  t.equal(v2.json().version, 2);

  const oldOrder = payment(uuidv7(), { paidAt: '2026-01-15T07:00:00.000Z' });
  const newOrder = { ...payment(uuidv7(), { paidAt: '2026-01-15T07:00:00.000Z' }), productVersion: 2, amount: 20_000_000 };
  await bus.publish(PaymentSucceeded, oldOrder.orderId, oldOrder);
  await bus.publish(PaymentSucceeded, newOrder.orderId, newOrder);
  const [oldE] = await eventually(async () => (await entitlementsOf(b, oldOrder.userId)).length > 0 && entitlementsOf(b, oldOrder.userId));
  const [newE] = await eventually(async () => (await entitlementsOf(b, newOrder.userId)).length > 0 && entitlementsOf(b, newOrder.userId));
  t.match(oldE, { productVersion: 1, validUntil: '2026-06-14T07:00:00.000Z' }, '4 months + 30 days');
  t.match(newE, { productVersion: 2, validUntil: '2026-08-14T07:00:00.000Z' }, '6 months + 30 days');
});

t.test('when a payment names a product version catalog never had, then nothing is granted and the event waits in dead_letters', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const bad = { ...payment(uuidv7()), productVersion: 99 };
  const eventId = await bus.publish(PaymentSucceeded, bad.orderId, bad);
  const row = await eventually(async () => (await b.pool.query('SELECT consumer, event_type FROM dead_letters WHERE event_id = $1', [eventId])).rows[0]);
  t.same(row, { consumer: 'catalog', event_type: 'billing.payment.succeeded.v1' });
  t.same(await entitlementsOf(b, bad.userId), []);
  t.equal(await metric(b.app, 'joo_dead_letters_total'), 1, 'and it is counted for the alert');
});

/** A payment handled as the consumer handles it (inbox transaction and handler), without the bus. */
function handlePayment(b: Built, data: ReturnType<typeof payment>) {
  const event = { id: uuidv7(), type: PaymentSucceeded.type, source: 'billing', time: new Date().toISOString(), subject: data.orderId, data };
  return handleOnce(b.pool, 'catalog', event, catalogRoutes(b.ctx, { info() {}, warn() {} }).handle);
}

t.test('when payments for a known product version are handled, then each is one transaction of three round trips: the inbox row with BEGIN, the grant, COMMIT', async (t) => {
  const b = await build(t);
  const trips = countRoundTrips(b.pool);
  t.equal(await handlePayment(b, payment(uuidv7())), 'processed');
  t.same(trips.transactions, [{ roundTrips: 4, committed: true }], 'the first payment also reads the version\'s terms');

  trips.reset();
  const second = payment(uuidv7());
  t.equal(await handlePayment(b, second), 'processed');
  t.same(trips.transactions, [{ roundTrips: 3, committed: true }],
    'the next one takes them from memory; refund gate, entitlement and event are one statement');
  t.match(await outbox(b.pool, 'catalog.entitlement.granted.v1', second.userId), [{ orderId: second.orderId, validUntil: String }]);
  t.equal(await metric(b.app, 'joo_catalog_entitlements_granted_total'), 2);
});

t.test('when payments arrive through the bus, then each transaction is one round trip: BEGIN, inbox rows, grants and COMMIT in one message', async (t) => {
  const b = await build(t);
  const bus = await wire(t, b);
  const students = Array.from({ length: 6 }, () => uuidv7());
  const trips = countRoundTrips(b.pool);
  for (const student of students) await bus.publish(PaymentSucceeded, student, payment(student));
  await eventually(async () => (await metric(b.app, 'joo_catalog_entitlements_granted_total')) === students.length);
  for (const student of students) t.equal((await entitlementsOf(b, student)).length, 1);
  const { transactions } = trips;
  t.ok(transactions.length > 0 && transactions.every((x) => x.roundTrips === 1 && x.committed),
    `each transaction went as one message and committed (${transactions.length} for ${students.length} payments)`);
  t.equal(await metric(b.app, 'joo_catalog_entitlements_granted_total'), students.length, 'each grant counted once');
  t.equal((await outbox(b.pool, 'catalog.entitlement.granted.v1')).length, students.length, 'and published');
});

t.test('when a payment names a version catalog does not have yet, then it fails until the version exists, and then grants with its terms', async (t) => {
  const b = await build(t);
  const early = { ...payment(uuidv7(), { paidAt: '2026-01-15T07:00:00.000Z' }), productVersion: 2 };
  await t.rejects(handlePayment(b, early), /v2 is unknown to catalog/);
  const admin = b.as(uuidv7(), ['admin']);
  const v2 = await b.app.inject({ method: 'POST', url: `/v1/catalog/admin/products/${STANDARD_PACKAGE_ID}/versions`, headers: admin, payload: { courseMonths: 6 } });
  t.equal(v2.json().version, 2);
  t.equal(await handlePayment(b, early), 'processed', 'an unknown version is not remembered as unknown');
  t.match(await entitlementsOf(b, early.userId), [{ productVersion: 2, validUntil: '2026-08-14T07:00:00.000Z' }], '6 months + 30 days');
});

const settle = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), ms))]);

t.test('when a payment and its refund approval are handled at the same moment, then the refund wins whichever commits first', async (t) => {
  const b = await build(t);
  const now = new Date();
  for (const first of ['payment', 'refund'] as const) {
    const student = uuidv7();
    const paid = payment(student);
    const approved = refund(student, paid.orderId);
    // Two transactions, as two consumers would hold them: the first stays open while the second starts.
    const [one, two] = [await b.pool.connect(), await b.pool.connect()];
    try {
      await one.query('BEGIN');
      await two.query('BEGIN');
      const grantIn = (tx: typeof one) => grantForPayment(b.ctx, tx, paid, now);
      const refundIn = (tx: typeof one) => revokeForRefund(b.ctx, tx, approved, now);
      const earlier = first === 'payment' ? await grantIn(one) : await refundIn(one);
      t.equal(earlier, first === 'payment' ? 'granted' : 'pending');
      const later = (first === 'payment' ? refundIn(two) : grantIn(two)).then(async (outcome) => {
        await two.query('COMMIT');
        return outcome;
      });
      t.equal(await settle(later, 300), 'still waiting', `the ${first === 'payment' ? 'refund' : 'payment'} waits at the order's gate`);
      await one.query('COMMIT');
      t.equal(await later, first === 'payment' ? 'revoked' : 'refunded', `${first} first`);
    } finally {
      one.release();
      two.release();
    }
    const [stored] = await entitlementsOf(b, student);
    t.match(stored, { orderId: paid.orderId, state: 'revoked', revokedReason: 'refund' }, `${first} first: nothing stays live`);
    t.equal(await openAs(b, student), 403);
  }
});
