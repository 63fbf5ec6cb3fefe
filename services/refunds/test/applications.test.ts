import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RefundSubmitted } from '@joo/contracts';
import { reviewDueBy, kazakhstanCalendar } from '../src/domain/working-days.js';
import { applicationBody, build, count, outbox, paidOrder, PRICE, refundPaid, studentHeaders } from './helper.js';

const DAY = 86_400_000;
const post = (headers: Record<string, string>, payload: unknown, key?: string) => ({
  method: 'POST' as const, url: '/v1/refunds/applications', headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) }, payload: payload as object,
});

t.test('when a student applies on the day after paying, then the full amount is assessed and the decision is due in 10 working days', async (t) => {
  const b = await build(t);
  const paidAt = new Date(Date.now() - DAY);
  const { orderId, userId, headers } = await paidOrder(b, { paidAt });
  const res = await b.app.inject(post({ ...headers, 'accept-language': 'kk-KZ,ru;q=0.8' }, applicationBody(orderId), randomUUID()));
  t.equal(res.statusCode, 201, res.body);
  const body = res.json();
  t.equal(body.status, 'submitted');
  t.same(body.assessment, { rule: 'full', eligibleAmount: PRICE, monthsCharged: 0 });
  t.equal(body.reviewDueBy, reviewDueBy(new Date(body.submittedAt), kazakhstanCalendar()));
  t.match(body.commissionNotice, /12%/);
  t.match(body.commissionNotice, /банк/i, 'Kazakh text for Accept-Language kk');
  t.same(body.commission, { minPercent: 12, maxPercent: 22 });
  const events = await outbox(b.pool, RefundSubmitted.type);
  t.equal(events.length, 1);
  t.match(events[0]!.data, { applicationId: body.id, orderId, userId, rule: 'full', eligibleAmount: PRICE, reviewDueBy: body.reviewDueBy });
  t.equal(b.outboxWrites(), 1, 'the relay was woken after the commit');

  const ru = await b.app.inject(post(headers, applicationBody(orderId), randomUUID()));
  t.equal(ru.statusCode, 409, 'one open application per order');
  t.equal(ru.json().code, 'application-open');
  t.equal(ru.json().applicationId, body.id);
});

t.test('when an application is incomplete, then every bad field is listed with 422 and nothing is stored', async (t) => {
  const b = await build(t);
  const { orderId, headers } = await paidOrder(b);
  const res = await b.app.inject(post(headers, {
    orderId, userFullName: '', amount: -5, accountIban: 'KZ00125KZT5004100100', paymentDate: '2026-02-30', bankBic: 'HSBK1ZKX', extra: 1,
  }, randomUUID()));
  t.equal(res.statusCode, 422, res.body);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  const fields = res.json().errors.map((e: { field: string }) => e.field).sort();
  for (const field of ['/userFullName', '/payerFullName', '/amount', '/accountIban', '/paymentDate', '/bankBic', '/reason', '/extra']) {
    t.ok(fields.includes(field), `${field} is listed`);
  }
  t.notOk(fields.includes('/orderId'), 'a good field is not listed');
  t.equal(await count(b.pool, 'applications'), 0);
  t.equal(await count(b.pool, 'outbox'), 0);
  t.equal(await count(b.pool, 'idempotency_keys'), 0, 'not even the key is kept');
});

t.test('when the order is someone else\'s, unknown, or not paid, then the application is refused', async (t) => {
  const b = await build(t);
  const { orderId } = await paidOrder(b);
  const stranger = studentHeaders(b, randomUUID());
  const other = await b.app.inject(post(stranger, applicationBody(orderId), randomUUID()));
  t.equal(other.statusCode, 404, 'someone else\'s order does not exist for the caller');
  const unknown = await b.app.inject(post(stranger, applicationBody(randomUUID()), randomUUID()));
  t.equal(unknown.statusCode, 404);

  const userId = randomUUID();
  const ordered = await paidOrder(b, { userId, payments: [] });
  const unpaid = await b.app.inject(post(studentHeaders(b, userId), applicationBody(ordered.orderId), randomUUID()));
  t.equal(unpaid.statusCode, 422);
  t.equal(unpaid.json().code, 'order-not-paid');
  t.equal(await count(b.pool, 'applications'), 0);
  const anonymous = await b.app.inject(post({}, applicationBody(orderId)));
  t.equal(anonymous.statusCode, 401);
});

t.test('when the same Idempotency-Key is sent again, then the first answer is replayed and one application exists', async (t) => {
  const b = await build(t);
  const { orderId, headers } = await paidOrder(b);
  const key = randomUUID();
  const first = await b.app.inject(post(headers, applicationBody(orderId), key));
  const again = await b.app.inject(post(headers, applicationBody(orderId), key));
  t.equal(first.statusCode, 201);
  t.equal(again.statusCode, 201);
  t.equal(again.headers['idempotent-replayed'], 'true');
  t.equal(again.json().id, first.json().id);
  const changed = await b.app.inject(post(headers, applicationBody(orderId, { reason: 'Другая причина' }), key));
  t.equal(changed.statusCode, 422, 'the same key with another body is refused');
  t.equal(await count(b.pool, 'applications'), 1);
  t.equal((await outbox(b.pool, RefundSubmitted.type)).length, 1);
});

t.test('when a student applies in the second month of the course, then two months\' shares are kept back', async (t) => {
  const b = await build(t);
  const paidAt = new Date('2026-01-15T06:00:00Z');
  const { orderId, headers } = await paidOrder(b, { paidAt });
  b.clock.set(new Date('2026-02-20T06:00:00Z'));
  const preview = await b.app.inject({ method: 'GET', url: `/v1/refunds/orders/${orderId}/assessment`, headers });
  t.equal(preview.statusCode, 200, preview.body);
  t.same(preview.json().assessment, { rule: 'prorated', eligibleAmount: PRICE / 2, monthsCharged: 2 });
  // Offer 14.8 is shown before filing, quoted in both languages.
  t.match(preview.json().notices, [{
    code: 'bank-commission', clause: '14.8', minPercent: 12, maxPercent: 22,
    ru: /Банк второго уровня может взимать с суммы денежного возврата любого рода комиссии и сборы в размере от 12% до 22%/,
    kk: /екінші деңгейдегі Банк ақшалай қайтару сомасынан кез келген түрдегі 12%- 22% комиссиялар/,
  }]);
  const res = await b.app.inject(post(headers, applicationBody(orderId), randomUUID()));
  t.equal(res.statusCode, 201, res.body);
  t.same(res.json().assessment, { rule: 'prorated', eligibleAmount: PRICE / 2, monthsCharged: 2 }, 'the typed amount and date change nothing');

  const manual = await b.app.inject({ method: 'GET', url: `/v1/refunds/orders/${orderId}/assessment?grounds=force_majeure`, headers });
  t.equal(manual.json().assessment.rule, 'manual');
  t.equal(manual.json().assessment.eligibleAmount, null);
});

t.test('when a student reads applications, then only their own are shown', async (t) => {
  const b = await build(t);
  const mine = await paidOrder(b);
  const second = await paidOrder(b, { userId: mine.userId });
  const theirs = await paidOrder(b);
  const a = (await b.app.inject(post(mine.headers, applicationBody(mine.orderId), randomUUID()))).json();
  const c = (await b.app.inject(post(mine.headers, applicationBody(second.orderId), randomUUID()))).json();
  const other = (await b.app.inject(post(theirs.headers, applicationBody(theirs.orderId), randomUUID()))).json();

  const one = await b.app.inject({ method: 'GET', url: `/v1/refunds/applications/${a.id}`, headers: mine.headers });
  t.equal(one.statusCode, 200);
  t.equal(one.json().form.accountIban, 'KZ86125KZT5004100100');
  t.equal((await b.app.inject({ method: 'GET', url: `/v1/refunds/applications/${other.id}`, headers: mine.headers })).statusCode, 404);

  const page1 = await b.app.inject({ method: 'GET', url: '/v1/refunds/me/applications?limit=1', headers: mine.headers });
  t.equal(page1.statusCode, 200);
  t.same(page1.json().items.map((i: { id: string }) => i.id), [c.id], 'newest first');
  const page2 = await b.app.inject({ method: 'GET', url: `/v1/refunds/me/applications?limit=1&cursor=${page1.json().nextCursor}`, headers: mine.headers });
  t.same(page2.json().items.map((i: { id: string }) => i.id), [a.id]);
  t.equal(page2.json().nextCursor, null);
  const bad = await b.app.inject({ method: 'GET', url: '/v1/refunds/me/applications?cursor=nope', headers: mine.headers });
  t.equal(bad.statusCode, 400);
});

t.test('when the course length has not reached refunds yet, then the student is asked to retry shortly', async (t) => {
  const b = await build(t);
  const { orderId, headers } = await paidOrder(b, { product: false });
  const res = await b.app.inject(post(headers, applicationBody(orderId), randomUUID()));
  t.equal(res.statusCode, 503);
  t.equal(res.json().code, 'facts-pending');
  t.equal(res.headers['retry-after'], '60');
  t.equal(await count(b.pool, 'applications'), 0);
});

t.test('when part of an order was refunded already, then a new application offers only the rest', async (t) => {
  const b = await build(t);
  const { orderId, userId, headers } = await paidOrder(b);
  const first = (await b.app.inject(post(headers, applicationBody(orderId, { grounds: 'other' }), randomUUID()))).json();
  const approved = await b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${first.id}/approve`, headers: b.admin, payload: { amount: 4_000_000 } });
  t.equal(approved.statusCode, 200, approved.body);
  const open = await b.app.inject(post(headers, applicationBody(orderId), randomUUID()));
  t.equal(open.statusCode, 409, 'approved and not yet paid is still open');
  await refundPaid(b, first.id, orderId, userId, 4_000_000);
  const second = await b.app.inject(post(headers, applicationBody(orderId), randomUUID()));
  t.equal(second.statusCode, 201, second.body);
  t.same(second.json().assessment, { rule: 'full', eligibleAmount: PRICE - 4_000_000, monthsCharged: 0 });
});
