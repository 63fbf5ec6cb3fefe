import { PaymentFailed, PaymentSucceeded } from '@joo/contracts';
import { ProblemError } from '@joo/service-kit';
import type { Queryable } from '@joo/db';
import { eventRow, write, type BillingContext } from '../context.js';
import { decideCallback, orderStatusAfter, type Decision } from '../domain/callback-outcome.js';
import { CallbackRejected, type CallbackRequest, type RejectReason } from '../providers/types.js';
import { lockedPayment, lockPaymentStatement, recordNotice, settleStatement, type PaymentForUpdate } from '../store/payments.js';

const STATUS_OF: Record<RejectReason, { status: number; title: string }> = {
  'bad-signature': { status: 401, title: 'The signature does not match' },
  malformed: { status: 400, title: 'The notice cannot be read' },
  'unknown-payment': { status: 404, title: 'No such payment' },
  'unknown-kind': { status: 404, title: 'No such notice' },
};

function rejected(ctx: BillingContext, provider: string, reason: RejectReason, detail: string): ProblemError {
  ctx.metrics.callbacksRejected.inc({ provider, reason });
  const { status, title } = STATUS_OF[reason];
  return new ProblemError(status, `callback-${reason}`, title, detail);
}

/** What the others are told of a settled payment (its outbox row, written by `tx`): paid or failed; a suspicious one is not told. */
function settledEvent(tx: Queryable, payment: PaymentForUpdate, provider: string, decision: Decision, now: Date) {
  if (decision.kind === 'succeed') {
    return eventRow(tx, PaymentSucceeded, payment.orderId, {
      paymentId: payment.id, orderId: payment.orderId, userId: payment.userId, productId: payment.productId,
      productVersion: payment.productVersion, profileSubject: payment.profileSubject, amount: payment.amount, currency: 'KZT',
      provider, paidAt: now.toISOString(),
    }, now);
  }
  if (decision.kind === 'fail') {
    return eventRow(tx, PaymentFailed, payment.orderId, {
      paymentId: payment.id, orderId: payment.orderId, userId: payment.userId, provider, reason: decision.reason,
      failedAt: now.toISOString(),
    }, now);
  }
  return null;
}

/**
 * A provider's result notice: verified, then applied once. The payment row is locked, so two
 * deliveries of one notice queue up and the second finds the payment settled: it is recorded as a
 * duplicate and changes nothing, publishes nothing. A notice whose amount or currency differs from
 * the order marks the payment suspicious: never paid, never granted.
 */
export async function handleCallback(ctx: BillingContext, providerName: string, request: CallbackRequest): Promise<unknown> {
  const provider = ctx.providers.get(providerName);
  if (!provider) throw new ProblemError(404, 'unknown-provider', 'Not found', `No payment provider "${providerName}" is enabled`);
  let notice;
  try {
    notice = provider.verifyCallback(request);
  } catch (error) {
    if (error instanceof CallbackRejected) throw rejected(ctx, provider.name, error.reason, error.message);
    throw error;
  }
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(notice.paymentId)) {
    throw rejected(ctx, provider.name, 'unknown-payment', 'The notice names no payment of ours');
  }

  const decision = await write(ctx, async (tx): Promise<Decision | null> => {
    const payment = lockedPayment(tx.beginResult);
    if (!payment || payment.provider !== provider.name) return null;
    const now = ctx.clock();
    const decision = decideCallback(payment, notice);
    const reason = 'reason' in decision ? decision.reason : null;
    if (decision.kind === 'duplicate') {
      await recordNotice(tx, {
        paymentId: payment.id, provider: provider.name, outcome: notice.outcome, amount: notice.amount, currency: notice.currency,
        providerTransactionId: notice.providerTransactionId, decision: decision.kind, detail: null, now,
      });
      return decision;
    }
    tx.commitWith(settleStatement({
      paymentId: payment.id, orderId: payment.orderId, provider: provider.name, notice, decision: decision.kind,
      paymentStatus: decision.kind === 'succeed' ? 'succeeded' : decision.kind === 'fail' ? 'failed' : 'suspicious',
      orderStatus: orderStatusAfter(decision)!, reason, now, event: settledEvent(tx, payment, provider.name, decision, now),
    }));
    return decision;
  }, { withBegin: lockPaymentStatement(notice.paymentId) });

  if (!decision) throw rejected(ctx, provider.name, 'unknown-payment', 'The notice names no payment of ours');
  if (decision.kind !== 'duplicate') {
    const outcome = decision.kind === 'succeed' ? 'succeeded' : decision.kind === 'fail' ? 'failed' : 'suspicious';
    ctx.metrics.payments.inc({ provider: provider.name, outcome });
  }
  return provider.acknowledgement();
}
