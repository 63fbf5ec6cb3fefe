import { RefundPaid, RefundReturned } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type BillingContext } from '../context.js';
import { parseStatement, StatementRejected, type StatementLine } from '../domain/iso20022/camt053.js';
import { settleLine, type UnknownReason } from '../domain/statement-match.js';
import { lockTransfer, markTransferPaid, markTransferReturned } from '../store/batches.js';
import { addRefunded } from '../store/orders.js';

interface LineRef { endToEndId: string | null; bankReference: string | null }
export interface StatementReport {
  statementId: string | null;
  matched: number;
  paid: number;
  returned: number;
  unknown: (LineRef & { reason: UnknownReason })[];
  duplicates: LineRef[];
}

const ref = (l: StatementLine): LineRef => ({ endToEndId: l.endToEndId, bankReference: l.bankReference });

/**
 * Applies a bank statement (camt.053 / camt.054) in one transaction: each booked line settles the
 * transfer its EndToEndId names — paid (billing.refund.paid.v1 with the bank's reference) or returned
 * (billing.refund.returned.v1: the student is asked for correct details). Lines already applied are
 * duplicates, so posting the same statement again changes nothing.
 */
export async function applyStatement(ctx: BillingContext, xml: string): Promise<StatementReport> {
  let statement;
  try {
    statement = parseStatement(xml);
  } catch (error) {
    if (error instanceof StatementRejected) throw problems.unprocessable(`statement-${error.code}`, error.message);
    throw error;
  }
  const report: StatementReport = { statementId: statement.messageId, matched: 0, paid: 0, returned: 0, unknown: [], duplicates: [] };
  await write(ctx, async (tx) => {
    const now = ctx.clock();
    for (const line of statement.lines) {
      const transfer = line.endToEndId ? await lockTransfer(tx, line.endToEndId) : undefined;
      const outcome = settleLine(line, transfer);
      if (outcome.kind === 'unknown') { report.unknown.push({ ...ref(line), reason: outcome.reason }); continue; }
      if (outcome.kind === 'duplicate') { report.duplicates.push(ref(line)); continue; }
      const t = transfer!;
      const about = { applicationId: t.applicationId, orderId: t.orderId, userId: t.userId, amount: t.amount, currency: 'KZT' as const };
      if (outcome.kind === 'paid') {
        await markTransferPaid(tx, t, outcome.bankReference, now);
        await addRefunded(tx, t.orderId, t.amount, now);
        await emit(tx, RefundPaid, t.orderId, { ...about, provider: 'bank-transfer', providerRefundId: outcome.bankReference, paidAt: now.toISOString() }, now);
        report.paid += 1;
      } else {
        await markTransferReturned(tx, t, outcome.reason, now);
        await emit(tx, RefundReturned, t.orderId, { ...about, reasonCode: outcome.reason, returnedAt: now.toISOString() }, now);
        report.returned += 1;
      }
      report.matched += 1;
    }
  });
  if (report.paid) ctx.metrics.payouts.inc({ provider: 'bank-transfer', outcome: 'paid' }, report.paid);
  if (report.returned) ctx.metrics.payouts.inc({ provider: 'bank-transfer', outcome: 'returned' }, report.returned);
  return report;
}
