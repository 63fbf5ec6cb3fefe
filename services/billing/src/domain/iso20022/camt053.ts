import { XMLParser } from 'fast-xml-parser';
import { decimalToTiyn } from '../money.js';

/**
 * The lines of an ISO 20022 bank-to-customer statement (camt.053.001.02) or debit/credit
 * notification (camt.054.001.02) that can settle a refund transfer: each entry's transactions with
 * the EndToEndId we sent, the bank's reference, and for a return its reason code.
 */
export interface StatementLine {
  endToEndId: string | null;
  /** AcctSvcrRef: the transaction's, else the entry's */
  bankReference: string | null;
  /** tiyn; null when the amount is missing or not a KZT amount with at most two decimals */
  amount: number | null;
  currency: string | null;
  direction: 'debit' | 'credit' | null;
  /** RtrInf/Rsn/Cd when the bank returned the transfer */
  returnReason: string | null;
  booked: boolean;
}

export interface Statement {
  /** GrpHdr/MsgId of the statement */
  messageId: string | null;
  lines: StatementLine[];
}

export class StatementRejected extends Error {
  constructor(message: string, readonly code: 'not-xml' | 'doctype-refused' | 'not-a-statement') { super(message); }
}

const ARRAYS = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // No entity expansion at all: a statement has no business declaring entities (XXE, billion laughs).
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;
const obj = (v: unknown): Node => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v as Node : {});
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(obj) : v === undefined ? [] : [obj(v)]);
const text = (v: unknown): string | null => {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  const inner = obj(v)['#text'];
  return typeof inner === 'string' ? inner.trim() || null : null;
};

/** Parses a statement; throws StatementRejected for anything that is not one. */
export function parseStatement(xml: string): Statement {
  // A DTD could declare external entities; ISO 20022 messages never carry one.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new StatementRejected('a statement must not declare a DOCTYPE or entities', 'doctype-refused');
  let tree: Node;
  try {
    tree = obj(parser.parse(xml, true));
  } catch (error) {
    throw new StatementRejected(`not well-formed XML: ${(error as Error).message.split('\n')[0]}`, 'not-xml');
  }
  const document = obj(tree.Document);
  const body = obj(document.BkToCstmrStmt ?? document.BkToCstmrDbtCdtNtfctn);
  const reports = [...list(body.Stmt), ...list(body.Ntfctn)];
  if (!document.BkToCstmrStmt && !document.BkToCstmrDbtCdtNtfctn) {
    throw new StatementRejected('expected an ISO 20022 camt.053 (BkToCstmrStmt) or camt.054 (BkToCstmrDbtCdtNtfctn) document', 'not-a-statement');
  }
  const lines: StatementLine[] = [];
  for (const report of reports) {
    for (const entry of list(report.Ntry)) {
      const entryRef = text(entry.AcctSvcrRef);
      const direction = text(entry.CdtDbtInd);
      const booked = text(obj(entry.Sts).Cd ?? entry.Sts) === 'BOOK';
      const details = list(entry.NtryDtls).flatMap((d) => list(d.TxDtls));
      const transactions = details.length > 0 ? details : [{}];
      for (const tx of transactions) {
        const refs = obj(tx.Refs);
        const amountNode = tx.Amt ?? obj(obj(tx.AmtDtls).TxAmt).Amt ?? entry.Amt;
        const amountText = text(amountNode);
        lines.push({
          endToEndId: text(refs.EndToEndId),
          bankReference: text(refs.AcctSvcrRef) ?? entryRef,
          amount: amountText === null ? null : decimalToTiyn(amountText),
          currency: (obj(amountNode)['@Ccy'] as string | undefined) ?? null,
          direction: direction === 'DBIT' ? 'debit' : direction === 'CRDT' ? 'credit' : null,
          returnReason: text(obj(obj(tx.RtrInf).Rsn).Cd),
          booked,
        });
      }
    }
  }
  return { messageId: text(obj(body.GrpHdr).MsgId), lines };
}
