import { randomUUID } from 'node:crypto';
import t from 'tap';
import { XMLParser } from 'fast-xml-parser';
import { PayoutDetailsCorrected, RefundApproved } from '@joo/contracts';
import { eventually } from '@joo/testing';
import { camt053 } from './fixtures-camt.js';
import { bearer, build, metric, order, outbox, paymentIdOf, seedProducts, type Built } from './helper.js';

const DANA = { name: 'Омарова Дана', iban: 'KZ86125KZT5004100100', bic: 'HSBKKZKX' };

async function paidOrder(b: Built, userId: string): Promise<string> {
  const placed = await order(b, userId, { paymentMethod: 'sandbox' });
  await b.app.inject({ method: 'POST', url: `/v1/billing/sandbox/pay/${paymentIdOf(placed)}/confirm` });
  return placed.orderId;
}

async function approvedByTransfer(b: Built, amount: number) {
  const userId = randomUUID();
  const orderId = await paidOrder(b, userId);
  const applicationId = randomUUID();
  await b.publish(RefundApproved, applicationId, {
    applicationId, orderId, userId, amount, currency: 'KZT', payoutDueBy: '2026-12-21', approvedAt: new Date().toISOString(),
    method: 'bank-transfer', payTo: DANA,
  });
  await eventually(async () => (await payout(b, applicationId))?.status === 'batched', { timeoutMs: 10_000 });
  return { userId, orderId, applicationId };
}

const payout = async (b: Built, applicationId: string) => (await b.pool.query(
  'SELECT status, method, provider_refund_id, return_reason, pay_to_iban FROM refund_payouts WHERE application_id = $1', [applicationId])).rows[0];

const adminHeaders = (b: Built) => bearer(b.token(randomUUID(), ['admin']));
const batches = async (b: Built) => (await b.app.inject({ url: '/v1/billing/admin/payout-batches', headers: adminHeaders(b) })).json().items;
const file = (b: Built, id: string) => b.app.inject({ url: `/v1/billing/admin/payout-batches/${id}/pain001.xml`, headers: adminHeaders(b) });
const close = (b: Built, id: string) => b.app.inject({ method: 'POST', url: `/v1/billing/admin/payout-batches/${id}/close`, headers: adminHeaders(b) });
const statement = (b: Built, xml: string, type = 'application/xml') =>
  b.app.inject({ method: 'POST', url: '/v1/billing/admin/bank-statements', headers: { ...adminHeaders(b), 'content-type': type }, payload: xml });

const endToEndIds = (xml: string): string[] => {
  const doc = new XMLParser({ isArray: (n) => n === 'CdtTrfTxInf' }).parse(xml);
  return doc.Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf.map((tx: { PmtId: { EndToEndId: string } }) => tx.PmtId.EndToEndId);
};

t.test('when refunds are approved for bank transfer, then the day\'s batch collects them, closes once and gives the pain.001; the statement pays them once', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const first = await approvedByTransfer(b, 16_000_000);
  const second = await approvedByTransfer(b, 4_000_050);
  t.equal((await payout(b, first.applicationId)).method, 'bank-transfer');
  await b.worker.runOnce();
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 0, 'the card worker leaves bank transfers alone');

  const [open] = await batches(b);
  t.match(open, { status: 'open', numberOfTransfers: 2, controlSum: 20_000_050, currency: 'KZT', transfers: { sent: 2, paid: 0, returned: 0 } }, 'one open batch for the day');
  t.match((await file(b, open.id)).json(), { status: 409, type: /batch-open$/ }, 'no file while it still collects');
  t.equal((await close(b, open.id)).statusCode, 200);
  t.match((await close(b, open.id)).json(), { status: 409, type: /batch-closed$/ }, 'a batch closes once');

  const downloaded = await file(b, open.id);
  t.equal(downloaded.statusCode, 200);
  t.match(downloaded.headers['content-type'], /^application\/xml/);
  t.match(downloaded.body, new RegExp(`<MsgId>${open.msgId}</MsgId>[\\s\\S]*<NbOfTxs>2</NbOfTxs>[\\s\\S]*<CtrlSum>200000.50</CtrlSum>`));
  t.match(downloaded.body, /<IBAN>KZ86125KZT5004100100<\/IBAN>/);
  t.equal((await file(b, open.id)).body, downloaded.body, 'every download is the same file');
  const [e1, e2] = endToEndIds(downloaded.body);
  t.not(e1, e2, 'each transfer has its own EndToEndId');

  const xml = camt053([
    { endToEndId: e1!, amount: '160000.00', direction: 'DBIT', ref: 'KASPI-REF-1' },
    { endToEndId: e2!, amount: '40000.50', direction: 'DBIT', ref: 'KASPI-REF-2' },
    { endToEndId: e1!, amount: '160000.00', direction: 'DBIT', ref: 'KASPI-REF-1' },
    { endToEndId: 'NOT-OURS-1', amount: '5.00', direction: 'DBIT', ref: 'KASPI-REF-9' },
  ]);
  const applied = await statement(b, xml);
  t.equal(applied.statusCode, 200, applied.body);
  t.match(applied.json(), {
    matched: 2, paid: 2, returned: 0,
    unknown: [{ endToEndId: 'NOT-OURS-1', reason: 'unknown-end-to-end-id' }],
    duplicates: [{ endToEndId: e1, bankReference: 'KASPI-REF-1' }],
  });
  t.match(await payout(b, first.applicationId), { status: 'paid', provider_refund_id: 'KASPI-REF-1' });
  t.match(await payout(b, second.applicationId), { status: 'paid', provider_refund_id: 'KASPI-REF-2' });
  t.match(await outbox(b.pool, 'billing.refund.paid.v1', first.orderId), [{ applicationId: first.applicationId, provider: 'bank-transfer', providerRefundId: 'KASPI-REF-1', amount: 16_000_000 }]);
  const view = await b.app.inject({ url: `/v1/billing/orders/${first.orderId}`, headers: bearer(b.token(first.userId)) });
  t.equal(view.json().refundedAmount, 16_000_000);

  const again = await statement(b, xml, 'text/xml');
  t.match(again.json(), { matched: 0, paid: 0, returned: 0, duplicates: { length: 3 } }, 'the same statement again changes nothing');
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 2, 'each payout paid once');
  t.match((await batches(b))[0], { transfers: { sent: 0, paid: 2, returned: 0 } });
  t.equal(await metric(b.app, 'joo_billing_refund_payouts_total', { provider: 'bank-transfer', outcome: 'paid' }), 2);
});

t.test('when the bank returns a transfer, then the payout waits for corrected details and goes into the next batch with a new EndToEndId', async (t) => {
  const b = await build(t);
  await seedProducts(b);
  const refund = await approvedByTransfer(b, 7_000_000);
  const [batch] = await batches(b);
  await close(b, batch.id);
  const [e1] = endToEndIds((await file(b, batch.id)).body);
  const returned = await statement(b, camt053([{ endToEndId: e1!, amount: '70000.00', direction: 'CRDT', ref: 'RET-1', returnReason: 'AC01' }]));
  t.match(returned.json(), { matched: 1, returned: 1, paid: 0 });
  t.match(await payout(b, refund.applicationId), { status: 'returned', return_reason: 'AC01' });
  t.match(await outbox(b.pool, 'billing.refund.returned.v1'), [{ applicationId: refund.applicationId, userId: refund.userId, reasonCode: 'AC01', amount: 7_000_000 }]);
  t.equal((await outbox(b.pool, 'billing.refund.paid.v1')).length, 0);
  const listed = await b.app.inject({ url: '/v1/billing/admin/refund-payouts?status=returned', headers: adminHeaders(b) });
  t.match(listed.json().items, [{ applicationId: refund.applicationId, status: 'returned', method: 'bank-transfer', returnReason: 'AC01' }], 'the admin finds it among the returned payouts');
  const published = await b.app.inject({ url: '/v1/billing/admin/payouts?status=returned', headers: adminHeaders(b) });
  t.equal(published.statusCode, 400, 'the first payouts list keeps its published statuses');

  const corrected = { name: 'Омарова Дана', iban: 'KZ72722S000006805521', bic: 'CASPKZKA' };
  await b.publish(PayoutDetailsCorrected, refund.applicationId, { ...refund, payTo: corrected, correctedAt: new Date().toISOString() });
  await eventually(async () => (await payout(b, refund.applicationId)).status === 'batched', { timeoutMs: 10_000 });
  t.equal((await payout(b, refund.applicationId)).pay_to_iban, corrected.iban);
  const [next] = await batches(b);
  t.not(next.id, batch.id, 'a new batch: the closed one never changes');
  await close(b, next.id);
  const [e2] = endToEndIds((await file(b, next.id)).body);
  t.not(e2, e1);
  t.match((await statement(b, camt053([{ endToEndId: e2!, amount: '70000.00', direction: 'DBIT', ref: 'PAID-2' }]))).json(), { paid: 1 });
  t.match(await payout(b, refund.applicationId), { status: 'paid', provider_refund_id: 'PAID-2' });
});

t.test('when a statement is not a safe camt document, then it is refused as a problem and nothing changes', async (t) => {
  const b = await build(t);
  const xxe = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>';
  t.match((await statement(b, xxe)).json(), { status: 422, type: /statement-doctype-refused$/ });
  t.match((await statement(b, '<Document><BkToCstmrStmt>')).json(), { status: 422, type: /statement-not-xml$/ });
  t.equal((await statement(b, '{"a":1}', 'application/json')).statusCode, 400, 'JSON is not a statement');
  t.equal((await statement(b, `<a>${'x'.repeat(6 * 1024 * 1024)}</a>`)).statusCode, 413, 'size-limited');
  const student = await b.app.inject({ method: 'POST', url: '/v1/billing/admin/bank-statements', headers: { ...bearer(b.token(randomUUID())), 'content-type': 'application/xml' }, payload: camt053([]) });
  t.equal(student.statusCode, 403);
  const unread = await b.app.inject({ method: 'POST', url: '/v1/billing/admin/bank-statements', headers: { ...bearer(b.token(randomUUID())), 'content-type': 'application/json' }, payload: '""' });
  t.equal(unread.statusCode, 403, 'a non-admin is refused before the body is parsed or validated');
  t.equal((await b.app.inject({ url: `/v1/billing/admin/payout-batches/${randomUUID()}/pain001.xml`, headers: adminHeaders(b) })).statusCode, 404);
});
