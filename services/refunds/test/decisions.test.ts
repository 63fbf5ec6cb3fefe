import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RefundApproved, RefundRejected } from '@joo/contracts';
import { kazakhstanCalendar, payoutDueBy } from '../src/domain/working-days.js';
import { applicationBody, build, outbox, paidOrder, PRICE, refundPaid, type Built } from './helper.js';

async function submitted(b: Built, overrides: Record<string, unknown> = {}) {
  const order = await paidOrder(b);
  const res = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...order.headers, 'idempotency-key': randomUUID() },
    payload: applicationBody(order.orderId, overrides),
  });
  if (res.statusCode !== 201) throw new Error(`apply failed: ${res.statusCode} ${res.body}`);
  return { ...order, id: res.json().id as string };
}

const approve = (b: Built, id: string, payload?: object, headers = b.admin) =>
  b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${id}/approve`, headers, ...(payload ? { payload } : {}) });
const reject = (b: Built, id: string, reason = 'Курс использовался более двух месяцев') =>
  b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${id}/reject`, headers: b.admin, payload: { reason } });

t.test('when an admin approves, then the assessed amount is approved once, with a payout deadline, and billing and catalog are told', async (t) => {
  const b = await build(t);
  const a = await submitted(b);
  const res = await approve(b, a.id);
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.equal(body.status, 'approved');
  t.equal(body.decision.approvedAmount, PRICE);
  t.equal(body.decision.payoutDueBy, payoutDueBy(new Date(body.decision.decidedAt), kazakhstanCalendar()));
  t.equal(body.decidedBy, b.adminId);
  const events = await outbox(b.pool, RefundApproved.type);
  t.equal(events.length, 1);
  t.match(events[0]!.data, { applicationId: a.id, orderId: a.orderId, userId: a.userId, amount: PRICE, currency: 'KZT', payoutDueBy: body.decision.payoutDueBy });

  t.equal((await approve(b, a.id)).statusCode, 409, 'approving twice is refused');
  const rejected = await reject(b, a.id);
  t.equal(rejected.statusCode, 409, 'so is rejecting a decided application');
  t.equal(rejected.json().code, 'already-decided');
  t.equal((await outbox(b.pool, RefundApproved.type)).length, 1, 'nothing is paid twice');

  await refundPaid(b, a.id, a.orderId, a.userId, PRICE);
  await refundPaid(b, a.id, a.orderId, a.userId, PRICE);
  const mine = await b.app.inject({ method: 'GET', url: `/v1/refunds/applications/${a.id}`, headers: a.headers });
  t.equal(mine.json().status, 'paid');
  t.ok(mine.json().decision.paidAt);
  t.equal((await approve(b, a.id)).statusCode, 409);
});

t.test('when two admins approve at once, then exactly one approval happens', async (t) => {
  const b = await build(t);
  const a = await submitted(b);
  const answers = await Promise.all([approve(b, a.id), approve(b, a.id), approve(b, a.id)]);
  t.same(answers.map((r) => r.statusCode).sort(), [200, 409, 409]);
  t.equal((await outbox(b.pool, RefundApproved.type)).length, 1);
});

t.test('when an admin rejects, then the student sees the reason and may apply again', async (t) => {
  const b = await build(t);
  const a = await submitted(b);
  const res = await reject(b, a.id);
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().status, 'rejected');
  const events = await outbox(b.pool, RefundRejected.type);
  t.match(events, [{ subject: a.id, data: { applicationId: a.id, userId: a.userId, reason: 'Курс использовался более двух месяцев' } }]);
  const mine = await b.app.inject({ method: 'GET', url: `/v1/refunds/applications/${a.id}`, headers: a.headers });
  t.equal(mine.json().decision.rejectionReason, 'Курс использовался более двух месяцев');
  const again = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...a.headers, 'idempotency-key': randomUUID() },
    payload: applicationBody(a.orderId, { grounds: 'force_majeure' }),
  });
  t.equal(again.statusCode, 201, 'a rejected application does not block a new one');
  t.equal((await reject(b, a.id, 'x')).statusCode, 400, 'a reason of a few words is required');
});

t.test('when the grounds are not the standard rule, then the admin must name an amount no larger than was paid', async (t) => {
  const b = await build(t);
  const a = await submitted(b, { grounds: 'force_majeure' });
  const none = await approve(b, a.id);
  t.equal(none.statusCode, 422);
  t.equal(none.json().code, 'amount-required');
  const tooMuch = await approve(b, a.id, { amount: PRICE + 1 });
  t.equal(tooMuch.statusCode, 422);
  t.equal(tooMuch.json().code, 'amount-exceeds-paid');
  const ok = await approve(b, a.id, { amount: 12_000_000 });
  t.equal(ok.statusCode, 200, ok.body);
  t.equal(ok.json().decision.approvedAmount, 12_000_000);
});

t.test('when a standard application is assessed at nothing, then approving it is refused: it is rejected instead', async (t) => {
  const b = await build(t);
  const order = await paidOrder(b, { paidAt: new Date('2026-01-05T06:00:00Z') });
  b.clock.set(new Date('2026-04-01T06:00:00Z'));
  const res = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...order.headers, 'idempotency-key': randomUUID() }, payload: applicationBody(order.orderId),
  });
  t.equal(res.statusCode, 201, 'the application is received all the same');
  t.same(res.json().assessment.rule, 'none');
  const answer = await approve(b, res.json().id);
  t.equal(answer.statusCode, 422);
  t.equal(answer.json().code, 'nothing-to-refund');
});

t.test('when admins list the queue, then it is filtered by status, oldest first, and late reviews are flagged', async (t) => {
  const b = await build(t);
  b.clock.set(new Date('2026-03-02T06:00:00Z'));
  const late = await submitted(b);
  b.clock.set(null);
  const fresh = await submitted(b);
  const decided = await submitted(b);
  await reject(b, decided.id);
  const res = await b.app.inject({ method: 'GET', url: '/v1/refunds/admin/applications?status=submitted', headers: b.admin });
  t.equal(res.statusCode, 200, res.body);
  const items = res.json().items as Array<{ id: string; reviewOverdue: boolean; userId: string }>;
  t.same(items.map((i) => i.id), [late.id, fresh.id]);
  t.same(items.map((i) => i.reviewOverdue), [true, false]);
  t.equal(items[0]!.userId, late.userId);
  const one = await b.app.inject({ method: 'GET', url: `/v1/refunds/admin/applications/${decided.id}`, headers: b.admin });
  t.equal(one.json().status, 'rejected');
  const student = await b.app.inject({ method: 'GET', url: '/v1/refunds/admin/applications', headers: late.headers });
  t.equal(student.statusCode, 403);
  t.equal((await approve(b, fresh.id, undefined, late.headers)).statusCode, 403);
  t.equal((await approve(b, randomUUID())).statusCode, 404);
});
