import { randomUUID } from 'node:crypto';
import t from 'tap';
import { RefundSubmitted } from '@joo/contracts';
import { kazakhstanCalendar, reviewDueBy } from '../src/domain/working-days.js';
import { applicationBody, build, count, outbox, paidOrder, PRICE, studentHeaders } from './helper.js';

const DAY = 86_400_000;
const enter = (headers: Record<string, string>, payload: unknown) => ({ method: 'POST' as const, url: '/v1/refunds/admin/applications', headers, payload: payload as object });

t.test('when an admin enters an application that arrived by e-mail, then it is assessed and due from the day it arrived (offer 14.4.2)', async (t) => {
  const b = await build(t);
  const paidAt = new Date(Date.now() - 6 * DAY);
  const { orderId, userId, headers } = await paidOrder(b, { paidAt });
  // Received two days after paying: within 14.1's three days, although it is typed in on day 6.
  const receivedAt = new Date(paidAt.getTime() + 2 * DAY);
  const res = await b.app.inject(enter(b.admin, { userId, receivedAt: receivedAt.toISOString(), ...applicationBody(orderId) }));
  t.equal(res.statusCode, 201, res.body);
  const body = res.json();
  t.match(body, { status: 'submitted', userId, submittedAt: receivedAt.toISOString(), assessment: { rule: 'full', eligibleAmount: PRICE } });
  t.equal(body.reviewDueBy, reviewDueBy(receivedAt, kazakhstanCalendar()), 'the 10 working days count from receipt');
  const { rows } = await b.pool.query<{ entered_by: string }>('SELECT entered_by FROM applications WHERE id = $1', [body.id]);
  t.equal(rows[0]!.entered_by, b.adminId, 'who entered it is recorded');
  t.match((await outbox(b.pool, RefundSubmitted.type))[0]!.data, { applicationId: body.id, userId, submittedAt: receivedAt.toISOString() });
  const mine = (await b.app.inject({ method: 'GET', url: '/v1/refunds/me/applications', headers })).json();
  t.same(mine.items.map((a: { id: string }) => a.id), [body.id], 'the student sees it as theirs');
});

t.test('when an entered application lacks its sender, its date or fields, or names another\'s order, then it is refused and nothing is stored', async (t) => {
  const b = await build(t);
  const { orderId, userId } = await paidOrder(b);
  const missing = await b.app.inject(enter(b.admin, { receivedAt: '2099-01-01', ...applicationBody(orderId, { reason: undefined }) }));
  t.equal(missing.statusCode, 422, missing.body);
  t.same(missing.json().errors.map((e: { field: string }) => e.field).sort(), ['/reason', '/receivedAt', '/userId'], 'every problem in one answer');
  const other = await b.app.inject(enter(b.admin, { userId: randomUUID(), receivedAt: new Date().toISOString(), ...applicationBody(orderId) }));
  t.equal(other.statusCode, 404, "the order is not the named student's");
  const student = await b.app.inject(enter(studentHeaders(b, userId), { userId, receivedAt: new Date().toISOString(), ...applicationBody(orderId) }));
  t.equal(student.statusCode, 403, 'admins only');
  t.equal(await count(b.pool, 'applications'), 0);
});
