import { randomUUID } from 'node:crypto';
import t from 'tap';
import { applicationBody, build, paidOrder, type Built } from './helper.js';

function gauge(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  if (!line) throw new Error(`${name} is not exposed`);
  return Number(line.split(' ').at(-1));
}

async function apply(b: Built): Promise<string> {
  const order = await paidOrder(b);
  const res = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...order.headers, 'idempotency-key': randomUUID() }, payload: applicationBody(order.orderId),
  });
  return res.json().id;
}

t.test('when reviews and payouts run late, then the gauges count them from the database', async (t) => {
  const b = await build(t);
  const onTime = await apply(b);
  const late = await apply(b);
  const approvedLate = await apply(b);
  const approvedOnTime = await apply(b);
  for (const id of [approvedLate, approvedOnTime]) {
    const res = await b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${id}/approve`, headers: b.admin });
    t.equal(res.statusCode, 200, res.body);
  }
  // Deadlines passed: as if the review and the payout had been waiting for weeks.
  await b.pool.query(`UPDATE applications SET review_due_by = '2026-01-15' WHERE id = $1`, [late]);
  await b.pool.query(`UPDATE applications SET payout_due_by = '2026-01-15' WHERE id = $1`, [approvedLate]);

  const text = await b.app.metrics.metrics();
  t.equal(gauge(text, 'joo_refunds_awaiting_review'), 2, `${onTime} and ${late} wait`);
  t.equal(gauge(text, 'joo_refunds_reviews_overdue'), 1);
  t.equal(gauge(text, 'joo_refunds_payouts_overdue'), 1);
  // "Today" is the service's clock: years later, every undecided application is late.
  b.clock.set(new Date('2030-01-01T00:00:00Z'));
  const later = await b.app.metrics.metrics();
  t.equal(gauge(later, 'joo_refunds_reviews_overdue'), 2);
  t.equal(gauge(later, 'joo_refunds_payouts_overdue'), 2);
  t.match(text, /joo_refunds_applications_total\{[^}]*rule="full"[^}]*\} 4\n/);
  t.match(text, /joo_refunds_decisions_total\{[^}]*decision="approved"[^}]*\} 2\n/);
});
