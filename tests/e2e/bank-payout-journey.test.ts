import { randomUUID } from 'node:crypto';
import t from 'tap';
import { createJooClient, type JooClient } from '@joo/client';
import { eventually, startPlatform } from '@joo/testing';
import { buyInSandbox, fullRefundApplication, refusal, register, signedIn } from './steps.js';

/**
 * Raw calls for the payout routes, which the generated client learns only when the API description
 * is regenerated after merging; the token is the signed-in session's.
 */
function raw(baseUrl: string, joo: JooClient) {
  return async (method: string, path: string, body?: { xml?: string; json?: unknown }) => {
    const headers: Record<string, string> = { authorization: `Bearer ${joo.session.tokens!.accessToken}` };
    if (body?.xml !== undefined) headers['content-type'] = 'application/xml';
    if (body?.json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: body?.xml ?? (body?.json === undefined ? undefined : JSON.stringify(body.json)) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
  };
}

/** The EndToEndIds and amounts of a pain.001 file, as the bank reads them. */
function transfersOf(xml: string): Array<{ endToEndId: string; amount: string }> {
  return [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>[\s\S]*?<InstdAmt Ccy="KZT">([^<]+)<\/InstdAmt>/g)].map((m) => ({ endToEndId: m[1]!, amount: m[2]! }));
}

/** A camt.053.001.02 statement as the company's bank would send it for those transfers. */
function camt053(lines: Array<{ endToEndId: string; amount: string; ref: string; returnReason?: string }>): string {
  const entries = lines.map((l) => `<Ntry><Amt Ccy="KZT">${l.amount}</Amt><CdtDbtInd>${l.returnReason ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-12-08</Dt></BookgDt><AcctSvcrRef>${l.ref}</AcctSvcrRef>
    <NtryDtls><TxDtls><Refs><EndToEndId>${l.endToEndId}</EndToEndId></Refs>${l.returnReason ? `<RtrInf><Rsn><Cd>${l.returnReason}</Cd></Rsn></RtrInf>` : ''}</TxDtls></NtryDtls></Ntry>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-${randomUUID().slice(0, 8)}</MsgId><CreDtTm>2026-12-08T18:00:00Z</CreDtTm></GrpHdr>
    <Stmt><Id>1</Id><CreDtTm>2026-12-08T18:00:00Z</CreDtTm><Acct><Id><IBAN>KZ72722S000006805521</IBAN></Id></Acct>${entries}</Stmt></BkToCstmrStmt></Document>`;
}

t.test('refund paid by bank transfer: approved → in the day\'s batch → pain.001 → camt.053 pays it; a returned transfer is corrected and sent in the next batch', async (t) => {
  const platform = await startPlatform(t, { services: ['catalog', 'billing', 'refunds', 'notifications'] });
  const baseUrl = platform.gatewayUrl;
  const admin = await signedIn(baseUrl, platform.admin.email, platform.admin.password, 'admin');
  const asAdmin = raw(baseUrl, admin);

  async function studentWithApprovedRefund(name: string, email: string, phone: string) {
    const student = { fullName: name, region: 'almaty', email, phone, password: 'sabaq-oqu-2026!', locale: 'ru' as const };
    await register(createJooClient({ baseUrl }), student);
    const joo = await signedIn(baseUrl, email, student.password, 'Browser');
    const { orderId, productId } = await buyInSandbox(joo);
    const headers = { 'idempotency-key': randomUUID() };
    const applied = await eventually(async () => {
      const r = await joo.api.POST('/v1/refunds/applications', { body: fullRefundApplication(orderId, name, 16_000_000), headers });
      return r.response.status === 201 && r.data;
    }, { timeoutMs: 15_000, intervalMs: 100 });
    // No method named: bank transfer, the default (offer 14.7).
    const approved = await admin.api.POST('/v1/refunds/admin/applications/{id}/approve', { params: { path: { id: applied.id } }, body: {} });
    t.equal(approved.response.status, 200, JSON.stringify(approved.error));
    return { joo, orderId, productId, id: applied.id, asStudent: raw(baseUrl, joo) };
  }

  const dana = await studentWithApprovedRefund('Дана Омарова', 'dana.bank@example.kz', '+7 702 111 22 55');
  const erlan = await studentWithApprovedRefund('Ерлан Ахметов', 'erlan.bank@example.kz', '+7 702 111 22 66');

  // Both payouts land in today's open batch.
  const batch = await eventually(async () => {
    const list = await asAdmin('GET', '/v1/billing/admin/payout-batches');
    const open = list.json().items.find((b: { status: string; numberOfTransfers: number }) => b.status === 'open' && b.numberOfTransfers === 2);
    return open;
  }, { timeoutMs: 20_000, intervalMs: 200 });
  t.match(batch, { controlSum: 32_000_000, currency: 'KZT' });
  t.equal((await asAdmin('GET', `/v1/billing/admin/payout-batches/${batch.id}/pain001.xml`)).status, 409, 'no file while the day collects');
  t.equal((await asAdmin('POST', `/v1/billing/admin/payout-batches/${batch.id}/close`)).status, 200);
  const file = await asAdmin('GET', `/v1/billing/admin/payout-batches/${batch.id}/pain001.xml`);
  t.equal(file.status, 200);
  t.match(file.type, /^application\/xml/);
  t.match(file.text, /<NbOfTxs>2<\/NbOfTxs>[\s\S]*<CtrlSum>320000.00<\/CtrlSum>/);
  t.match(file.text, /<Prtry>\d{3}<\/Prtry>[\s\S]*<Tp>KBE<\/Tp>\s*<Cd>19<\/Cd>/, 'КНП and КБе on the transfer');
  const transfers = transfersOf(file.text);
  t.equal(transfers.length, 2);

  // The bank's statement: the first transfer booked, the second returned (wrong account).
  const [first, second] = transfers as [{ endToEndId: string; amount: string }, { endToEndId: string; amount: string }];
  const statement = camt053([
    { ...first, ref: 'KASPI-100' },
    { ...second, ref: 'KASPI-101', returnReason: 'AC01' },
    { endToEndId: 'UNKNOWN-LINE', amount: '1.00', ref: 'KASPI-102' },
  ]);
  const applied = await asAdmin('POST', '/v1/billing/admin/bank-statements', { xml: statement });
  t.equal(applied.status, 200, applied.text);
  t.match(applied.json(), { matched: 2, paid: 1, returned: 1, unknown: [{ endToEndId: 'UNKNOWN-LINE' }], duplicates: [] });
  t.match((await asAdmin('POST', '/v1/billing/admin/bank-statements', { xml: statement })).json(), { matched: 0, duplicates: { length: 2 } },
    'the same statement again changes nothing');

  // Which student was paid depends on the file's order: find out by the refund's state.
  const stateOf = async (s: typeof dana) => (await s.asStudent('GET', `/v1/refunds/applications/${s.id}/payout`)).json();
  const [paid, bounced] = await eventually(async () => {
    const states = await Promise.all([stateOf(dana), stateOf(erlan)]);
    if (states[0].status === 'paid' && states[1].status === 'returned') return [dana, erlan] as const;
    if (states[1].status === 'paid' && states[0].status === 'returned') return [erlan, dana] as const;
    return false;
  }, { timeoutMs: 20_000, intervalMs: 200 });
  const paidApplication = await paid.joo.get('/v1/refunds/applications/{id}', { params: { path: { id: paid.id } } });
  t.match(paidApplication, { status: 'paid', decision: { paidAt: /Z$/ } }, 'the student\'s refund shows paid');
  t.equal((await paid.joo.get('/v1/billing/orders/{id}', { params: { path: { id: paid.orderId } } })).refundedAmount, 16_000_000);
  const revoked = await eventually(async () => {
    const e = (await paid.joo.get('/v1/catalog/me/entitlements')).items.find((x) => x.orderId === paid.orderId);
    return e?.state === 'revoked' && e;
  }, { timeoutMs: 10_000 });
  t.match(revoked, { state: 'revoked', revokedReason: 'refund' }, 'the access of the refunded order has ended');

  // The returned one: the student is told, corrects the account, and it goes into the next batch.
  t.match(await stateOf(bounced), { status: 'returned', returnReason: 'AC01' });
  await eventually(async () => (await bounced.joo.get('/v1/notifications/me')).items.some((m) => m.template === 'refund_returned'), { timeoutMs: 15_000, intervalMs: 200 });
  const bad = await bounced.asStudent('PUT', `/v1/refunds/applications/${bounced.id}/bank-details`, { json: { accountIban: 'KZ00 0000', bankBic: 'HSBKKZKX' } });
  t.equal(bad.status, 422, 'an invalid IBAN is refused');
  const fixed = await bounced.asStudent('PUT', `/v1/refunds/applications/${bounced.id}/bank-details`, { json: { accountIban: 'KZ18722S000012345678', bankBic: 'CASPKZKA' } });
  t.equal(fixed.status, 200, fixed.text);
  const next = await eventually(async () => {
    const list = (await asAdmin('GET', '/v1/billing/admin/payout-batches')).json().items;
    return list.find((b: { id: string; status: string; numberOfTransfers: number }) => b.id !== batch.id && b.status === 'open' && b.numberOfTransfers === 1);
  }, { timeoutMs: 20_000, intervalMs: 200 });
  await asAdmin('POST', `/v1/billing/admin/payout-batches/${next.id}/close`);
  const nextFile = (await asAdmin('GET', `/v1/billing/admin/payout-batches/${next.id}/pain001.xml`)).text;
  t.match(nextFile, /<CdtrAcct>\s*<Id>\s*<IBAN>KZ18722S000012345678<\/IBAN>/, 'sent to the corrected account');
  const [again] = transfersOf(nextFile);
  t.not(again!.endToEndId, second.endToEndId, 'a new EndToEndId');
  t.match((await asAdmin('POST', '/v1/billing/admin/bank-statements', { xml: camt053([{ ...again!, ref: 'KASPI-200' }]) })).json(), { paid: 1 });
  await eventually(async () => (await stateOf(bounced)).status === 'paid', { timeoutMs: 20_000, intervalMs: 200 });
  t.match(await refusal(bounced.joo.get('/v1/refunds/applications/{id}', { params: { path: { id: paid.id } } })), { status: 404 }, 'another student\'s refund stays hidden');

  const codes = await platform.stop();
  t.same(Object.values(codes).filter((c) => c !== 0), [], `every process shut down cleanly: ${JSON.stringify(codes)}`);
});
