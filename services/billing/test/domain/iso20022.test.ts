import t from 'tap';
import { XMLParser } from 'fast-xml-parser';
import { parseStatement, StatementRejected, type StatementLine } from '../../src/domain/iso20022/camt053.js';
import { buildPain001, PAIN001_NAMESPACE, type Pain001Batch } from '../../src/domain/iso20022/pain001.js';
import { settleLine, type TransferState } from '../../src/domain/statement-match.js';
import { DEFAULT_BANK_TRANSFERS } from '../../src/bank-transfers.js';
import { camt053 } from '../fixtures-camt.js';

const batch: Pain001Batch = {
  msgId: 'JOO-20261207-0123456789AB',
  createdAt: new Date('2026-12-07T19:00:00.123Z'),
  executionDate: '2026-12-08',
  debtor: DEFAULT_BANK_TRANSFERS.debtor,
  purposeCode: '311',
  beneficiaryCode: '19',
  transfers: [
    { endToEndId: 'a'.repeat(32), amount: 16_000_000, name: 'Омарова Дана', iban: 'KZ86125KZT5004100100', bic: 'HSBKKZKX', remittance: 'Возврат по заявлению 1' },
    { endToEndId: 'b'.repeat(32), amount: 1_234_505, name: 'Ахметов <Ерлан> & сын', iban: 'KZ72722S000006805521', bic: 'CASPKZKA', remittance: 'x'.repeat(200) },
  ],
};

const read = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'CdtTrfTxInf' || n === 'Dtls' }).parse(xml);

t.test('when a batch is written as pain.001.001.03, then the totals, ids, amounts and Kazakhstan codes are where the bank reads them', async (t) => {
  const xml = buildPain001(batch);
  t.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  const doc = read(xml).Document;
  t.equal(doc['@xmlns'], PAIN001_NAMESPACE);
  const { GrpHdr, PmtInf } = doc.CstmrCdtTrfInitn;
  t.match(GrpHdr, { MsgId: batch.msgId, CreDtTm: '2026-12-07T19:00:00Z', NbOfTxs: '2', CtrlSum: '172345.05' }, 'CtrlSum is the sum in tenge with 2 decimals');
  t.match(GrpHdr.InitgPty, { Nm: 'ТОО «JOO ANALYTICS»', Id: { OrgId: { Othr: { Id: '200140034039', SchmeNm: { Cd: 'TXID' } } } } }, 'the company by its БИН');
  t.match(PmtInf, {
    PmtInfId: batch.msgId, PmtMtd: 'TRF', NbOfTxs: '2', CtrlSum: '172345.05', ReqdExctnDt: '2026-12-08',
    DbtrAcct: { Id: { IBAN: 'KZ72722S000006805521' }, Ccy: 'KZT' }, DbtrAgt: { FinInstnId: { BIC: 'CASPKZKA' } },
  });
  const [first, second] = PmtInf.CdtTrfTxInf;
  t.match(first, {
    PmtId: { EndToEndId: 'a'.repeat(32) }, Amt: { InstdAmt: { '@Ccy': 'KZT', '#text': '160000.00' } },
    CdtrAgt: { FinInstnId: { BIC: 'HSBKKZKX' } }, Cdtr: { Nm: 'Омарова Дана' }, CdtrAcct: { Id: { IBAN: 'KZ86125KZT5004100100' } },
    Purp: { Prtry: '311' },
  });
  t.same(first.RgltryRptg.Dtls, [{ Tp: 'KOD', Cd: '17' }, { Tp: 'KBE', Cd: '19' }], 'КОд and КБе on every transfer');
  t.equal(second.Cdtr.Nm, 'Ахметов <Ерлан> & сын', 'names are escaped, not broken');
  t.equal(second.RmtInf.Ustrd.length, 140, 'remittance cut to Max140Text');
  t.equal(second.Amt.InstdAmt['#text'], '12345.05');
  t.equal(buildPain001(batch), xml, 'the same batch gives the same file');
});

t.test('when a batch has no transfers, then no file is written', async (t) => {
  t.throws(() => buildPain001({ ...batch, transfers: [] }), RangeError);
});

t.test('when a camt.053 statement is read, then each transaction gives its EndToEndId, reference, amount in tiyn and return reason', async (t) => {
  const statement = parseStatement(camt053([
    { endToEndId: 'a'.repeat(32), amount: '160000.00', direction: 'DBIT', ref: 'KASPI-1' },
    { endToEndId: 'b'.repeat(32), amount: '12345.05', direction: 'CRDT', ref: 'KASPI-2', returnReason: 'AC01' },
    { amount: '5.00', direction: 'CRDT', ref: 'KASPI-3', status: 'PDNG' },
  ]));
  t.equal(statement.messageId, 'STMT-2026-12-08-001');
  t.same(statement.lines, [
    { endToEndId: 'a'.repeat(32), bankReference: 'KASPI-1', amount: 16_000_000, currency: 'KZT', direction: 'debit', returnReason: null, booked: true },
    { endToEndId: 'b'.repeat(32), bankReference: 'KASPI-2', amount: 1_234_505, currency: 'KZT', direction: 'credit', returnReason: 'AC01', booked: true },
    { endToEndId: null, bankReference: 'KASPI-3', amount: 500, currency: 'KZT', direction: 'credit', returnReason: null, booked: false },
  ]);
});

t.test('when a statement declares a DOCTYPE or entities, is not XML or is another document, then it is refused', async (t) => {
  const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>`;
  t.match(catchCode(() => parseStatement(xxe)), 'doctype-refused');
  t.match(catchCode(() => parseStatement('<Document><BkToCstmrStmt>')), 'not-xml');
  t.match(catchCode(() => parseStatement('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>')), 'not-a-statement');
});

function catchCode(fn: () => unknown): string | undefined {
  try { fn(); return undefined; } catch (error) { return (error as StatementRejected).code; }
}

t.test('when a statement line meets a transfer, then only an exact booked line settles it', async (t) => {
  const line: StatementLine = { endToEndId: 'e1', bankReference: 'R1', amount: 100, currency: 'KZT', direction: 'debit', returnReason: null, booked: true };
  const sent: TransferState = { status: 'sent', amount: 100, bankReference: null };
  const paid: TransferState = { ...sent, status: 'paid', bankReference: 'R1' };
  const returned: TransferState = { ...sent, status: 'returned' };
  t.same(settleLine(line, sent), { kind: 'paid', bankReference: 'R1' });
  t.same(settleLine({ ...line, direction: 'credit', returnReason: 'AC04' }, sent), { kind: 'returned', reason: 'AC04' });
  t.same(settleLine(line, paid), { kind: 'duplicate' }, 'the same booking again');
  t.same(settleLine({ ...line, returnReason: 'AC01' }, returned), { kind: 'duplicate' });
  const unknown = (l: StatementLine, s: TransferState | undefined) => (settleLine(l, s) as { reason?: string }).reason;
  t.equal(unknown({ ...line, endToEndId: null }, sent), 'no-end-to-end-id');
  t.equal(unknown(line, undefined), 'unknown-end-to-end-id');
  t.equal(unknown({ ...line, booked: false }, sent), 'not-booked');
  t.equal(unknown({ ...line, amount: 99 }, sent), 'amount-mismatch');
  t.equal(unknown({ ...line, currency: 'USD' }, sent), 'amount-mismatch');
  t.equal(unknown({ ...line, bankReference: null }, sent), 'no-bank-reference');
  t.equal(unknown({ ...line, direction: 'credit' }, sent), 'not-a-transfer-booking');
  t.equal(unknown(line, { ...paid, bankReference: 'R0' }), 'already-paid');
  t.equal(unknown(line, returned), 'already-returned');
  t.equal(unknown({ ...line, returnReason: 'AC01' }, paid), 'returned-after-paid');
});
