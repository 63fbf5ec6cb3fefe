import type { StatementLine } from './iso20022/camt053.js';

/** A transfer as a statement line finds it. */
export interface TransferState {
  status: 'sent' | 'paid' | 'returned';
  amount: number;
  bankReference: string | null;
}

export type UnknownReason =
  | 'no-end-to-end-id' | 'unknown-end-to-end-id' | 'not-booked' | 'amount-mismatch' | 'no-bank-reference'
  | 'not-a-transfer-booking' | 'already-paid' | 'already-returned' | 'returned-after-paid';

export type LineOutcome =
  | { kind: 'paid'; bankReference: string }
  | { kind: 'returned'; reason: string }
  | { kind: 'duplicate' }
  | { kind: 'unknown'; reason: UnknownReason };

/**
 * What one statement line does to the transfer its EndToEndId names. Only a booked line of exactly
 * the transfer's KZT amount changes anything: a booked debit pays it (with the bank's reference), a
 * line with a return reason returns it. A line that repeats what already happened is a duplicate; anything
 * else is reported and changes nothing, because money is never settled on a guess.
 */
export function settleLine(line: StatementLine, transfer: TransferState | undefined): LineOutcome {
  if (!line.endToEndId) return { kind: 'unknown', reason: 'no-end-to-end-id' };
  if (!transfer) return { kind: 'unknown', reason: 'unknown-end-to-end-id' };
  if (!line.booked) return { kind: 'unknown', reason: 'not-booked' };
  if (line.amount !== transfer.amount || (line.currency !== null && line.currency !== 'KZT')) return { kind: 'unknown', reason: 'amount-mismatch' };
  if (line.returnReason) {
    if (transfer.status === 'returned') return { kind: 'duplicate' };
    if (transfer.status === 'paid') return { kind: 'unknown', reason: 'returned-after-paid' };
    return { kind: 'returned', reason: line.returnReason };
  }
  if (line.direction !== 'debit') return { kind: 'unknown', reason: 'not-a-transfer-booking' };
  if (transfer.status === 'paid') return line.bankReference === transfer.bankReference ? { kind: 'duplicate' } : { kind: 'unknown', reason: 'already-paid' };
  if (transfer.status === 'returned') return { kind: 'unknown', reason: 'already-returned' };
  if (!line.bankReference) return { kind: 'unknown', reason: 'no-bank-reference' };
  return { kind: 'paid', bankReference: line.bankReference };
}
