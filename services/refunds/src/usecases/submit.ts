import { uuidv7 } from 'uuidv7';
import { RefundSubmitted } from '@joo/contracts';
import type { Queryable } from '@joo/db';
import { ProblemError, problems } from '@joo/service-kit';
import { emit, isUniqueViolation, type RefundsContext } from '../context.js';
import type { ApplicationInput } from '../domain/application.js';
import { assessRefund, type Assessment, type Grounds } from '../domain/assessment.js';
import { reviewDueBy } from '../domain/working-days.js';
import { findOpenApplication, insertApplication } from '../store/applications.js';
import { findOrderOwner, loadOrderFacts, type OrderFactsRow } from '../store/facts.js';
import { applicationView, type ApplicationView } from './views.js';

/**
 * The caller's paid order with everything an assessment needs. Someone else's order, or one refunds
 * has never heard of, does not exist for the caller.
 */
export async function paidOrderOf(db: Queryable, userId: string, orderId: string): Promise<OrderFactsRow & { courseMonths: number }> {
  const facts = await loadOrderFacts(db, orderId);
  if (!facts) {
    if (await findOrderOwner(db, orderId) === userId) {
      throw problems.unprocessable('order-not-paid', 'This order has not been paid, so there is nothing to refund. A payment made a moment ago takes a few seconds to reach refunds.', {
        errors: [{ field: '/orderId', message: 'must be a paid order of yours' }],
      });
    }
    throw problems.notFound('There is no such order of yours');
  }
  if (facts.userId !== userId) throw problems.notFound('There is no such order of yours');
  if (facts.courseMonths === null) {
    // The product's course length comes from catalog's events; it has not arrived yet.
    throw new ProblemError(503, 'facts-pending', 'Service unavailable', 'The course details of this order have not reached refunds yet; try again in a minute',
      {}, { 'retry-after': '60' });
  }
  return { ...facts, courseMonths: facts.courseMonths };
}

export function assess(facts: OrderFactsRow & { courseMonths: number }, grounds: Grounds, at: Date): Assessment {
  return assessRefund({
    price: facts.price, courseMonths: facts.courseMonths, payments: facts.payments, accessStart: facts.accessStart, alreadyRefunded: facts.alreadyRefunded,
  }, grounds, at);
}

/**
 * Receives a complete Appendix 1 application (offer 14.4) inside the idempotency transaction: the
 * amount is assessed from billing's and catalog's facts at receipt, never from what was typed.
 * `receivedAt` is now, or when an application sent by e-mail reached the company (14.4.2): its
 * assessment and review deadline count from then.
 */
export async function submitApplication(
  ctx: RefundsContext, tx: Queryable, userId: string, input: ApplicationInput, receivedAt: Date = ctx.clock(),
): Promise<ApplicationView> {
  const now = receivedAt;
  const facts = await paidOrderOf(tx, userId, input.orderId);
  const assessment = assess(facts, input.grounds, now);
  const paidAmount = facts.payments.reduce((sum, p) => sum + p.amount, 0);
  const application = {
    id: uuidv7(), orderId: input.orderId, userId, userFullName: input.userFullName, payerFullName: input.payerFullName,
    statedAmount: input.amount, accountIban: input.accountIban, statedPaymentDate: input.paymentDate, bankBic: input.bankBic,
    reason: input.reason, grounds: input.grounds, ...assessment, paidAmount, currency: facts.currency,
    submittedAt: now, reviewDueBy: reviewDueBy(now, ctx.calendar),
  };
  try {
    await tx.query('SAVEPOINT open_application');
    await insertApplication(tx, application);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT open_application');
    const open = await findOpenApplication(tx, input.orderId);
    throw problems.conflict('application-open', 'This order already has a refund application under review or being paid out', {
      applicationId: open?.id ?? null,
    });
  }
  await emit(tx, RefundSubmitted, application.id, {
    applicationId: application.id, orderId: application.orderId, userId, rule: assessment.rule, eligibleAmount: assessment.eligibleAmount,
    currency: facts.currency, reviewDueBy: application.reviewDueBy, submittedAt: now.toISOString(),
  }, ctx.clock());
  return applicationView({
    ...application, status: 'submitted', decidedAt: null, decidedBy: null, approvedAmount: null, rejectionReason: null, payoutDueBy: null, paidAt: null,
  });
}
