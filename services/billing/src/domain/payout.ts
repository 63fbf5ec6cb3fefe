/** Rules for paying an approved refund back (offer §14; the amount is decided by refunds). */

export type PayoutRefusal = 'order-not-paid' | 'currency-mismatch' | 'exceeds-paid-amount' | 'zero-amount';

export function checkPayout(
  order: { status: string; amount: number; currency: string; refunded: number },
  refund: { amount: number; currency: string },
): PayoutRefusal | null {
  if (order.status !== 'paid') return 'order-not-paid';
  if (refund.currency !== order.currency) return 'currency-mismatch';
  if (refund.amount <= 0) return 'zero-amount';
  if (refund.amount > order.amount - order.refunded) return 'exceeds-paid-amount';
  return null;
}

/** Delay before the next payout attempt after `attempts` failures: 10 s doubling to an hour. */
export function payoutRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
}
