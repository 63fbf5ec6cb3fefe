import { randomUUID } from 'node:crypto';
import t from 'tap';
import { PayoutDetailsCorrected, RefundApproved, RefundReturned } from '@joo/contracts';
import { apply, applicationBody, build, outbox, paidOrder, PRICE, refundPaid, studentHeaders, type Built } from './helper.js';

async function approved(b: Built, payload: object = {}) {
  const order = await paidOrder(b);
  const res = await b.app.inject({
    method: 'POST', url: '/v1/refunds/applications', headers: { ...order.headers, 'idempotency-key': randomUUID() }, payload: applicationBody(order.orderId),
  });
  const id = res.json().id as string;
  const decided = await b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${id}/approve`, headers: b.admin, payload });
  if (decided.statusCode !== 200) throw new Error(`approve failed: ${decided.statusCode} ${decided.body}`);
  return { ...order, id };
}

const payout = (b: Built, a: { id: string; headers: Record<string, string> }) =>
  b.app.inject({ url: `/v1/refunds/applications/${a.id}/payout`, headers: a.headers });
const correct = (b: Built, a: { id: string; headers: Record<string, string> }, payload: object) =>
  b.app.inject({ method: 'PUT', url: `/v1/refunds/applications/${a.id}/bank-details`, headers: a.headers, payload });
const returned = (b: Built, a: { id: string; orderId: string; userId: string }, reasonCode = 'AC01') =>
  apply(b, RefundReturned, a.orderId, {
    applicationId: a.id, orderId: a.orderId, userId: a.userId, amount: PRICE, currency: 'KZT', reasonCode, returnedAt: new Date().toISOString(),
  });

t.test('when an admin approves without naming a method, then the refund goes by bank transfer to the account of the application', async (t) => {
  const b = await build(t);
  const a = await approved(b);
  const [event] = await outbox(b.pool, RefundApproved.type);
  t.match(event!.data, { applicationId: a.id, method: 'bank-transfer', payTo: { name: 'Сауле Садыкова', iban: 'KZ86125KZT5004100100', bic: 'HSBKKZKX' } });
  t.match((await payout(b, a)).json(), { method: 'bank-transfer', status: 'pending', returnReason: null });
});

t.test('when an admin chooses the card, then the choice and its reason are recorded and no account is sent', async (t) => {
  const b = await build(t);
  const a = await approved(b, { method: 'card', reason: 'Студент просит вернуть на карту' });
  const [event] = await outbox(b.pool, RefundApproved.type);
  t.match(event!.data, { method: 'card', payTo: null });
  const { rows } = await b.pool.query('SELECT method, method_reason FROM application_payouts WHERE application_id = $1', [a.id]);
  t.same(rows, [{ method: 'card', method_reason: 'Студент просит вернуть на карту' }]);
  const bad = await b.app.inject({ method: 'POST', url: `/v1/refunds/admin/applications/${randomUUID()}/approve`, headers: b.admin, payload: { method: 'cash' } });
  t.equal(bad.statusCode, 400, 'an unknown method is refused');
});

t.test('when the bank returns the transfer, then the student sees it, corrects the details once with valid IBAN and BIC, and billing is told', async (t) => {
  const b = await build(t);
  const a = await approved(b);
  t.match((await correct(b, a, { accountIban: 'KZ72722S000006805521', bankBic: 'CASPKZKA' })).json(), { status: 409, type: /payout-not-returned$/ },
    'details change only after a return');

  await returned(b, a);
  await returned(b, a); // a repeated event changes nothing
  t.match((await payout(b, a)).json(), { status: 'returned', returnReason: 'AC01' });

  const invalid = await correct(b, a, { accountIban: 'KZ00000', bankBic: 'NOPE', payerFullName: 'X' });
  t.equal(invalid.statusCode, 422);
  t.same(invalid.json().errors.map((e: { field: string }) => e.field).sort(), ['/accountIban', '/bankBic', '/payerFullName']);
  t.equal((await correct(b, { ...a, headers: studentHeaders(b, randomUUID()) }, { accountIban: 'KZ72722S000006805521', bankBic: 'CASPKZKA' })).statusCode, 404,
    'another student\'s application does not exist for them');

  const fixed = await correct(b, a, { accountIban: 'kz72 722s 0000 0680 5521', bankBic: 'caspkzka' });
  t.equal(fixed.statusCode, 200, fixed.body);
  t.match(fixed.json(), { status: 'pending', payTo: { payerFullName: 'Сауле Садыкова', accountIban: 'KZ72722S000006805521', bankBic: 'CASPKZKA' } });
  t.match((await outbox(b.pool, PayoutDetailsCorrected.type)).map((e) => e.data), [{ applicationId: a.id, payTo: { iban: 'KZ72722S000006805521', bic: 'CASPKZKA' } }]);
  t.equal((await correct(b, a, { accountIban: 'KZ72722S000006805521', bankBic: 'CASPKZKA' })).statusCode, 409, 'one correction per return');
  const form = (await b.app.inject({ url: `/v1/refunds/applications/${a.id}`, headers: a.headers })).json().form;
  t.match(form, { accountIban: 'KZ72722S000006805521', bankBic: 'CASPKZKA' }, 'the application carries the corrected account');

  await refundPaid(b, a.id, a.orderId, a.userId, PRICE);
  t.match((await payout(b, a)).json(), { status: 'paid' });
});
