import { localDate as almatyDate } from '@joo/calendar';
import { decodeTimeIdCursor, problems, timeIdPage } from '@joo/service-kit';
import type { BillingContext } from '../context.js';
import { buildPain001 } from '../domain/iso20022/pain001.js';
import { batchTransfers, closeBatch, findBatch, listBatches, type BatchSummary } from '../store/batches.js';

export function batchView(b: BatchSummary) {
  return {
    id: b.id, businessDate: b.businessDate, msgId: b.msgId, status: b.status,
    createdAt: b.createdAt.toISOString(), closedAt: b.closedAt?.toISOString() ?? null,
    numberOfTransfers: b.count, controlSum: b.total, currency: 'KZT' as const,
    transfers: { sent: b.sent, paid: b.paid, returned: b.returned },
  };
}

export async function listPayoutBatches(ctx: BillingContext, limit: number, cursor: string | undefined) {
  const key = decodeTimeIdCursor(cursor);
  const rows = await listBatches(ctx.pool, limit + 1, key && { createdAt: new Date(key.at), id: key.id });
  return timeIdPage(rows, limit, (b) => [b.createdAt, b.id], batchView);
}

/** Closes an open batch now (before the day ends, for the bank's cut-off): its file is fixed from then on. */
export async function closePayoutBatch(ctx: BillingContext, id: string) {
  const outcome = await closeBatch(ctx.pool, id, ctx.clock());
  if (outcome === 'not-found') throw problems.notFound('There is no such payout batch');
  if (outcome === 'already-closed') throw problems.conflict('batch-closed', 'This batch is already closed: a batch closes once');
  return batchView((await findBatch(ctx.pool, id))!);
}

/**
 * The pain.001 file of a closed batch. Built from what was stored when the batch closed, so every
 * download is the same file (same MsgId, EndToEndIds and sums) and the bank can refuse a resend.
 */
export async function pain001Of(ctx: BillingContext, id: string): Promise<string> {
  const batch = await findBatch(ctx.pool, id);
  if (!batch) throw problems.notFound('There is no such payout batch');
  if (batch.status === 'open') {
    throw problems.conflict('batch-open', `This batch still collects the payouts of ${batch.businessDate}: it closes after that day (Almaty), or close it now`);
  }
  const transfers = await batchTransfers(ctx.pool, id);
  const { bankTransfers: settings } = ctx;
  return buildPain001({
    msgId: batch.msgId,
    createdAt: batch.closedAt!,
    executionDate: almatyDate(batch.closedAt!),
    debtor: settings.debtor,
    purposeCode: settings.purposeCode,
    beneficiaryCode: settings.beneficiaryCode,
    transfers: transfers.map((t) => ({
      ...t, remittance: `Возврат оплаты по заявлению ${t.applicationId} (оферта п.14.7) / Төлемді қайтару`,
    })),
  });
}
