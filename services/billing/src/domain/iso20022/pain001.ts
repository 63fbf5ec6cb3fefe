import { create } from 'xmlbuilder2';
import { tiynToDecimal } from '../money.js';

/**
 * ISO 20022 customer credit transfer initiation, pain.001.001.03: the version Kazakhstan's banks take
 * for corporate host-to-host payments (docs/payments.md). One file = one batch = one debit account.
 */
export const PAIN001_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

/** The company's own account and codes (offer §16): the debtor of every refund transfer. */
export interface Debtor {
  name: string;
  /** БИН: the company's 12-digit business identification number */
  bin: string;
  iban: string;
  bic: string;
  /** КОд: sender code, residency (1 resident) + economic sector (7 other non-financial organisations) */
  senderCode: string;
}

export interface Transfer {
  endToEndId: string;
  /** tiyn */
  amount: number;
  name: string;
  iban: string;
  bic: string;
  /** Ustrd remittance text (at most 140 characters are sent) */
  remittance: string;
}

export interface Pain001Batch {
  msgId: string;
  createdAt: Date;
  /** YYYY-MM-DD: the requested execution date */
  executionDate: string;
  debtor: Debtor;
  /** КНП: payment purpose code of the National Bank's classifier */
  purposeCode: string;
  /** КБе: beneficiary code, residency + economic sector (19: a resident individual) */
  beneficiaryCode: string;
  transfers: readonly Transfer[];
}

/** NbOfTxs and CtrlSum as the bank checks them: the count and the sum of InstdAmt. */
export function batchTotals(transfers: readonly Pick<Transfer, 'amount'>[]): { count: number; sum: number } {
  return { count: transfers.length, sum: transfers.reduce((s, t) => s + t.amount, 0) };
}

/** ISO 20022 text fields are Max35Text/Max70Text/Max140Text: longer values are cut, never refused by the bank. */
const cut = (text: string, max: number) => text.replace(/\s+/g, ' ').trim().slice(0, max);

/** The pain.001.001.03 document of a batch, as UTF-8 XML text. */
export function buildPain001(batch: Pain001Batch): string {
  if (batch.transfers.length === 0) throw new RangeError('a pain.001 file needs at least one transfer');
  const { count, sum } = batchTotals(batch.transfers);
  const d = batch.debtor;
  const orgId = { OrgId: { Othr: { Id: d.bin, SchmeNm: { Cd: 'TXID' } } } };
  const doc = {
    Document: {
      '@xmlns': PAIN001_NAMESPACE,
      CstmrCdtTrfInitn: {
        GrpHdr: {
          MsgId: batch.msgId,
          CreDtTm: batch.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
          NbOfTxs: String(count),
          CtrlSum: tiynToDecimal(sum),
          InitgPty: { Nm: cut(d.name, 70), Id: orgId },
        },
        PmtInf: {
          PmtInfId: batch.msgId,
          PmtMtd: 'TRF',
          BtchBookg: 'false',
          NbOfTxs: String(count),
          CtrlSum: tiynToDecimal(sum),
          ReqdExctnDt: batch.executionDate,
          Dbtr: { Nm: cut(d.name, 70), PstlAdr: { Ctry: 'KZ' }, Id: orgId },
          DbtrAcct: { Id: { IBAN: d.iban }, Ccy: 'KZT' },
          DbtrAgt: { FinInstnId: { BIC: d.bic } },
          ChrgBr: 'SHAR',
          CdtTrfTxInf: batch.transfers.map((t) => ({
            PmtId: { InstrId: t.endToEndId, EndToEndId: t.endToEndId },
            Amt: { InstdAmt: { '@Ccy': 'KZT', '#': tiynToDecimal(t.amount) } },
            CdtrAgt: { FinInstnId: { BIC: t.bic } },
            Cdtr: { Nm: cut(t.name, 70), PstlAdr: { Ctry: 'KZ' } },
            CdtrAcct: { Id: { IBAN: t.iban } },
            Purp: { Prtry: batch.purposeCode },
            RgltryRptg: {
              Dtls: [
                { Tp: 'KOD', Cd: d.senderCode },
                { Tp: 'KBE', Cd: batch.beneficiaryCode },
              ],
            },
            RmtInf: { Ustrd: cut(t.remittance, 140) },
          })),
        },
      },
    },
  };
  return create({ version: '1.0', encoding: 'UTF-8' }, doc).end({ prettyPrint: true });
}
