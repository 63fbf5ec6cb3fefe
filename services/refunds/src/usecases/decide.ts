import { RefundApproved, RefundRejected } from '@joo/contracts';
import { localDate } from '@joo/calendar';
import { problems } from '@joo/service-kit';
import { emit, write, type RefundsContext } from '../context.js';
import { payoutDueBy } from '../domain/working-days.js';
import { findApplication, markApproved, markRejected, type Application } from '../store/applications.js';
import { loadOrderFacts } from '../store/facts.js';
import { insertPayoutMethod, type PayoutMethod } from '../store/payouts.js';
import { adminApplicationView, type AdminApplicationView } from './views.js';

async function undecided(tx: Parameters<typeof findApplication>[0], id: string): Promise<Application> {
  const application = await findApplication(tx, id, { lock: true });
  if (!application) throw problems.notFound('There is no such refund application');
  if (application.status !== 'submitted') {
    // Decisions are final: a second approval must never lead to a second payout.
    throw problems.conflict('already-decided', `This application was already ${application.status}`, { applicationStatus: application.status });
  }
  return application;
}

/**
 * Approves a refund (offer 14.7). The amount is the assessed one unless the admin names another; an
 * application under other grounds (14.5, rule manual) needs one. Billing pays it out and catalog
 * revokes the access, both from the approved event.
 */
export async function approveApplication(
  ctx: RefundsContext, adminId: string, id: string, requested: number | undefined,
  payout: { method: PayoutMethod; reason?: string } = { method: 'bank-transfer' },
): Promise<AdminApplicationView> {
  const now = ctx.clock();
  const view = await write(ctx, async (tx) => {
    const application = await undecided(tx, id);
    const amount = requested ?? application.eligibleAmount;
    if (amount === null) {
      throw problems.unprocessable('amount-required', 'This application is under other grounds (offer 14.5): name the amount to refund', {
        errors: [{ field: '/amount', message: 'required for an application assessed as manual' }],
      });
    }
    const facts = await loadOrderFacts(tx, application.orderId);
    const refundable = (facts?.payments.reduce((sum, p) => sum + p.amount, 0) ?? 0) - (facts?.alreadyRefunded ?? 0);
    if (amount <= 0) {
      throw problems.unprocessable('nothing-to-refund', 'There is nothing to pay back on this application: reject it with a reason instead', {
        errors: [{ field: '/amount', message: 'must be more than 0' }],
      });
    }
    if (amount > refundable) {
      throw problems.unprocessable('amount-exceeds-paid', `At most ${refundable} tiyn can be refunded on this order`, {
        errors: [{ field: '/amount', message: `must be at most ${refundable} (paid minus refunded) tiyn` }], refundable,
      });
    }
    const dueBy = payoutDueBy(now, ctx.calendar);
    await markApproved(tx, id, { amount, by: adminId, at: now, payoutDueBy: dueBy });
    await insertPayoutMethod(tx, id, payout.method, payout.reason ?? null);
    // Offer 14.7: paid to the account of the application (Appendix 1 items 2, 4, 6) unless the admin chose the card.
    const payTo = payout.method === 'bank-transfer'
      ? { name: application.payerFullName, iban: application.accountIban, bic: application.bankBic } : null;
    await emit(tx, RefundApproved, id, {
      applicationId: id, orderId: application.orderId, userId: application.userId, amount, currency: application.currency,
      payoutDueBy: dueBy, approvedAt: now.toISOString(), method: payout.method, payTo,
    }, now);
    return adminApplicationView((await findApplication(tx, id))!, localDate(now));
  });
  ctx.metrics.decisions.inc({ decision: 'approved' });
  return view;
}

/** Rejects an application with the reason the student is told (offer 14.7). */
export async function rejectApplication(ctx: RefundsContext, adminId: string, id: string, reason: string): Promise<AdminApplicationView> {
  const now = ctx.clock();
  const view = await write(ctx, async (tx) => {
    const application = await undecided(tx, id);
    await markRejected(tx, id, { reason, by: adminId, at: now });
    await emit(tx, RefundRejected, id, {
      applicationId: id, orderId: application.orderId, userId: application.userId, reason, rejectedAt: now.toISOString(),
    }, now);
    return adminApplicationView((await findApplication(tx, id))!, localDate(now));
  });
  ctx.metrics.decisions.inc({ decision: 'rejected' });
  return view;
}
