/**
 * What a verified provider notice does to a payment. A payment settles once: later notices for it
 * (provider retries, a decline after a success) change nothing and publish nothing.
 */

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'suspicious';

export interface Notice {
  outcome: 'succeeded' | 'failed';
  amount: number | null;
  currency: string | null;
  reason?: string;
}

export type Decision =
  | { kind: 'succeed' }
  | { kind: 'fail'; reason: string }
  | { kind: 'suspicious'; reason: string }
  | { kind: 'duplicate'; status: PaymentStatus };

export function decideCallback(payment: { status: PaymentStatus; amount: number; currency: string }, notice: Notice): Decision {
  if (payment.status !== 'pending') return { kind: 'duplicate', status: payment.status };
  if (notice.outcome === 'failed') return { kind: 'fail', reason: notice.reason || 'declined' };
  if (notice.currency !== payment.currency) {
    return { kind: 'suspicious', reason: `currency ${notice.currency ?? 'missing'} instead of ${payment.currency}` };
  }
  if (notice.amount !== payment.amount) {
    return { kind: 'suspicious', reason: `amount ${notice.amount ?? 'missing'} tiyn instead of ${payment.amount}` };
  }
  return { kind: 'succeed' };
}

/** The order's status once its payment has settled. */
export function orderStatusAfter(decision: Decision): 'paid' | 'failed' | 'on_hold' | null {
  switch (decision.kind) {
    case 'succeed': return 'paid';
    case 'fail': return 'failed';
    case 'suspicious': return 'on_hold';
    case 'duplicate': return null;
  }
}
