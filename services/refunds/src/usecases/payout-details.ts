import { PayoutDetailsCorrected } from '@joo/contracts';
import { problems } from '@joo/service-kit';
import { emit, write, type RefundsContext } from '../context.js';
import { checkBankDetails } from '../domain/bank-details.js';
import { findApplication, type Application } from '../store/applications.js';
import { findPayoutState, markPayoutCorrected, type PayoutState } from '../store/payouts.js';

/** What the student sees of the payout of their approved refund. */
export function payoutView(a: Application, p: PayoutState | null) {
  const waitingForDetails = p?.returnedAt != null && (p.correctedAt === null || p.correctedAt < p.returnedAt);
  return {
    applicationId: a.id,
    method: p?.method ?? 'card',
    status: a.status === 'paid' ? 'paid' as const : waitingForDetails ? 'returned' as const : 'pending' as const,
    returnReason: waitingForDetails ? p!.returnReason : null,
    returnedAt: p?.returnedAt?.toISOString() ?? null,
    correctedAt: p?.correctedAt?.toISOString() ?? null,
    payTo: { payerFullName: a.payerFullName, accountIban: a.accountIban, bankBic: a.bankBic },
  };
}

async function ownApproved(db: Parameters<typeof findApplication>[0], userId: string, id: string, lock = false): Promise<Application> {
  const application = await findApplication(db, id, { lock });
  if (!application || application.userId !== userId) throw problems.notFound('There is no such refund application of yours');
  if (application.status !== 'approved' && application.status !== 'paid') {
    throw problems.conflict('not-approved', `This application is ${application.status}: it has no payout`);
  }
  return application;
}

export async function getMyPayout(ctx: RefundsContext, userId: string, id: string) {
  const application = await ownApproved(ctx.pool, userId, id);
  return payoutView(application, await findPayoutState(ctx.pool, id));
}

/**
 * The student corrects the account after the bank returned the transfer; billing sends it again in
 * its next batch (refunds.payout_details.corrected.v1). Only a returned, unpaid payout takes new details.
 */
export async function correctPayoutDetails(ctx: RefundsContext, userId: string, id: string, body: Record<string, unknown>) {
  const now = ctx.clock();
  return write(ctx, async (tx) => {
    const application = await ownApproved(tx, userId, id, true);
    const state = await findPayoutState(tx, id, { lock: true });
    if (application.status !== 'approved' || payoutView(application, state).status !== 'returned') {
      throw problems.conflict('payout-not-returned', 'The bank has not returned this refund: its details cannot be changed now');
    }
    const checked = checkBankDetails(body, application.payerFullName);
    if (!checked.ok) throw problems.unprocessable('invalid-bank-details', 'The bank details are not valid', { errors: checked.errors });
    const d = checked.value;
    await markPayoutCorrected(tx, id, { at: now, name: d.payerFullName, iban: d.accountIban, bic: d.bankBic });
    await emit(tx, PayoutDetailsCorrected, id, {
      applicationId: id, orderId: application.orderId, userId, payTo: { name: d.payerFullName, iban: d.accountIban, bic: d.bankBic },
      correctedAt: now.toISOString(),
    }, now);
    return payoutView((await findApplication(tx, id))!, await findPayoutState(tx, id));
  });
}
