import { randomUUID } from 'node:crypto';
import t from 'tap';
import { ClaimAnswered, UserErased, UserRegistered } from '@joo/contracts';
import { withTransaction } from '@joo/db';
import { identityRoutes } from '../src/events/identity.js';
import { answerDueBy } from '../src/domain/claims.js';
import { build, count, outbox, paidOrder, studentHeaders, type Built } from './helper.js';

const claim = { subject: 'Видео не открывается', text: 'Третий день не открываются видеоуроки по математике.' };
const post = (url: string, headers: Record<string, string>, payload: unknown) => ({ method: 'POST' as const, url, headers, payload: payload as object });

async function registered(b: Built, userId = randomUUID()): Promise<string> {
  await withTransaction(b.pool, (tx) => identityRoutes.handle({
    id: randomUUID(), type: UserRegistered.type, source: 'identity', time: new Date().toISOString(), subject: userId,
    data: {
      userId, fullName: 'Айгерим Садыкова', email: `${userId}@example.kz`, phone: '+77011234567', region: 'astana', locale: 'ru', roles: ['student'],
      consents: { marketingEmail: false, marketingSms: false, marketingCalls: false, crossBorderTransfer: true }, offerVersion: 1,
      registeredAt: new Date().toISOString(),
    },
  }, tx));
  return userId;
}

t.test('when a student files a claim, then it is received with its answer due in 90 calendar days, and only they and admins see it', async (t) => {
  const b = await build(t);
  b.clock.set(new Date('2026-03-02T10:00:00+05:00'));
  const { orderId, userId, headers } = await paidOrder(b);
  const res = await b.app.inject(post('/v1/refunds/claims', headers, { ...claim, orderId }));
  t.equal(res.statusCode, 201, res.body);
  const filed = res.json();
  t.match(filed, { status: 'received', receivedAt: '2026-03-02T05:00:00.000Z', answerDueBy: '2026-05-31', orderId, channel: 'platform', answer: null });

  const mine = await b.app.inject({ method: 'GET', url: '/v1/refunds/me/claims', headers });
  t.same(mine.json().items.map((c: { id: string }) => c.id), [filed.id]);
  const own = await b.app.inject({ method: 'GET', url: `/v1/refunds/claims/${filed.id}`, headers });
  t.equal(own.statusCode, 200);
  t.notOk('userId' in own.json(), 'the student sees no admin fields');
  const other = await b.app.inject({ method: 'GET', url: `/v1/refunds/claims/${filed.id}`, headers: studentHeaders(b, randomUUID()) });
  t.equal(other.statusCode, 404, "another student's claim does not exist for them");
  const byAdmin = await b.app.inject({ method: 'GET', url: `/v1/refunds/claims/${filed.id}`, headers: b.admin });
  t.match(byAdmin.json(), { id: filed.id, userId, overdue: false, daysLeft: 90 });
  t.equal((await b.app.inject(post('/v1/refunds/claims', {}, claim))).statusCode, 401, 'never anonymous (13.1)');
});

t.test('when a claim is badly formed or names an order not the student\'s, then it is refused and nothing is stored', async (t) => {
  const b = await build(t);
  const { orderId } = await paidOrder(b);
  const headers = studentHeaders(b, randomUUID());
  for (const body of [{}, { ...claim, subject: 'ab' }, { ...claim, text: ' '.repeat(20) }, { ...claim, text: 'x'.repeat(10_001) },
    { ...claim, orderId: 'not-a-uuid' }, { ...claim, extra: 1 }]) {
    const res = await b.app.inject(post('/v1/refunds/claims', headers, body));
    t.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 80));
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  t.equal((await b.app.inject(post('/v1/refunds/claims', headers, { ...claim, orderId }))).statusCode, 404, "someone else's order");
  t.equal((await b.app.inject(post('/v1/refunds/claims', headers, { ...claim, orderId: randomUUID() }))).statusCode, 404, 'an unknown order');
  t.equal(await count(b.pool, 'claims'), 0);
});

t.test('when an admin answers a claim, then the answer is recorded once and the student is to be e-mailed it', async (t) => {
  const b = await build(t);
  const userId = randomUUID();
  const headers = studentHeaders(b, userId);
  const filed = (await b.app.inject(post('/v1/refunds/claims', headers, claim))).json();
  const answer = { text: 'Мы восстановили доступ к видеоурокам, проверьте, пожалуйста.' };
  t.equal((await b.app.inject(post(`/v1/refunds/admin/claims/${filed.id}/answer`, headers, answer))).statusCode, 403, 'students cannot answer');
  t.equal((await b.app.inject(post(`/v1/refunds/admin/claims/${filed.id}/answer`, b.admin, { text: 'ok' }))).statusCode, 400, 'too short');
  const answered = await b.app.inject(post(`/v1/refunds/admin/claims/${filed.id}/answer`, b.admin, answer));
  t.equal(answered.statusCode, 200, answered.body);
  t.match(answered.json(), { status: 'answered', answer: { text: answer.text }, answeredBy: b.adminId, overdue: false });
  const again = await b.app.inject(post(`/v1/refunds/admin/claims/${filed.id}/answer`, b.admin, answer));
  t.equal(again.statusCode, 409);
  t.equal(again.json().type.endsWith('already-answered'), true, again.body);
  const events = await outbox(b.pool, ClaimAnswered.type);
  t.equal(events.length, 1, 'one answer, one e-mail');
  t.match(events[0]!.data, { claimId: filed.id, userId, answer: answer.text, subject: claim.subject, answerDueBy: filed.answerDueBy });
  t.equal((await b.app.inject(post(`/v1/refunds/admin/claims/${randomUUID()}/answer`, b.admin, answer))).statusCode, 404);
  const mine = (await b.app.inject({ method: 'GET', url: `/v1/refunds/claims/${filed.id}`, headers })).json();
  t.match(mine, { status: 'answered', answer: { text: answer.text, answeredAt: String } });
});

t.test('when an admin enters a claim received by e-mail, then its deadline counts from receipt and the admin queue shows what is late', async (t) => {
  const b = await build(t);
  b.clock.set(new Date('2026-06-15T09:00:00Z'));
  const userId = await registered(b);
  const old = await b.app.inject(post('/v1/refunds/admin/claims', b.admin, { userId, receivedAt: '2026-03-01T12:00:00+05:00', ...claim }));
  t.equal(old.statusCode, 201, old.body);
  t.match(old.json(), { channel: 'email', receivedAt: '2026-03-01T07:00:00.000Z', answerDueBy: answerDueBy(new Date('2026-03-01T07:00:00Z')) });
  const recent = await b.app.inject(post('/v1/refunds/admin/claims', b.admin, { userId, receivedAt: '2026-06-14', ...claim }));
  t.equal(recent.statusCode, 201, recent.body);

  const queue = (await b.app.inject({ method: 'GET', url: '/v1/refunds/admin/claims', headers: b.admin })).json();
  t.same(queue.items.map((c: { id: string }) => c.id), [old.json().id, recent.json().id], 'oldest first');
  t.match(queue.items[0], { overdue: true, daysLeft: -16, enteredBy: b.adminId, userId });
  t.match(queue.items[1], { overdue: false, daysLeft: 89 });
  const metrics = await b.app.metrics.metrics();
  t.match(metrics, /joo_refunds_claims_overdue\{[^}]*\} 1\n/);
  t.match(metrics, /joo_refunds_claims_due_soon\{[^}]*\} 0\n/);
  b.clock.set(new Date('2026-09-05T09:00:00Z')); // 7 days before the recent one is due
  t.match(await b.app.metrics.metrics(), /joo_refunds_claims_due_soon\{[^}]*\} 1\n/);
});

t.test('when a claim by e-mail names no identifiable person or a bad date, then it is refused with 422', async (t) => {
  const b = await build(t);
  const userId = await registered(b);
  const enter = (body: Record<string, unknown>) => b.app.inject(post('/v1/refunds/admin/claims', b.admin, { receivedAt: '2026-01-05', ...claim, ...body }));
  for (const body of [{}, { userId: randomUUID() }, { userId: '  ' }]) {
    const res = await enter(body);
    t.equal(res.statusCode, 422, res.body);
    t.match(res.json().type, /anonymous-claim$/);
  }
  for (const receivedAt of ['2099-01-01', '2020-01-01', '5 Jan']) {
    const res = await enter({ userId, receivedAt });
    t.equal(res.statusCode, 422, res.body);
    t.match(res.json().type, /invalid-received-at$/);
  }
  const erasedId = await registered(b);
  await withTransaction(b.pool, (tx) => identityRoutes.handle({
    id: randomUUID(), type: UserErased.type, source: 'identity', time: new Date().toISOString(), subject: erasedId,
    data: { userId: erasedId, noticeEmail: 'x@example.kz', locale: 'ru', erasedAt: new Date().toISOString() },
  }, tx));
  t.equal((await enter({ userId: erasedId })).statusCode, 422, 'an erased account is no one to enter a claim for');
  t.equal((await b.app.inject(post('/v1/refunds/admin/claims', studentHeaders(b, userId), { userId, receivedAt: '2026-01-05', ...claim }))).statusCode, 403);
  t.equal(await count(b.pool, 'claims'), 0);
});
