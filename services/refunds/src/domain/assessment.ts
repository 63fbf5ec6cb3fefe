import { addCalendarMonths, calendarDaysBetween } from '@joo/calendar';

/**
 * How much of an order the standard refund rules of the offer give back (§14.1–14.3), or that an
 * admin decides (§14.5). Every day and month is an Asia/Almaty one (`@joo/calendar`).
 */
export type RefundRule = 'full' | 'prorated' | 'none' | 'manual';
export type Grounds = 'standard' | 'force_majeure' | 'law' | 'other';
export const GROUNDS: readonly Grounds[] = ['standard', 'force_majeure', 'law', 'other'];

export interface PaymentFact { amount: number /* tiyn */; paidAt: Date }
export interface OrderFacts {
  /** The order's snapshotted price, tiyn. */
  price: number;
  /** Course length; 0 for a product without course months (the whole price is one month's share). */
  courseMonths: number;
  /** Every successful payment on the order (usually one). */
  payments: PaymentFact[];
  /** When access began (catalog's entitlement validFrom); null ⇒ the first payment's time. */
  accessStart: Date | null;
  /** Tiyn already refunded on this order by earlier approved applications. */
  alreadyRefunded: number;
}
export interface Assessment { rule: RefundRule; eligibleAmount: number | null; monthsCharged: number }

/** §14.1: the full amount while the application comes within this many calendar days of the last payment. */
export const FULL_REFUND_DAYS = 3;
/** §14.2–14.3: a prorated refund while fewer than this many calendar months of use have passed. */
export const PRORATED_REFUND_MONTHS = 2;

/**
 * Assesses an application filed at `filedAt`.
 *
 * - Grounds other than 'standard' (§14.5: force majeure, law, other) ⇒ 'manual' with no amount: an
 *   admin decides. `monthsCharged` is still what the standard rule would charge, for the admin.
 * - Filed on the Almaty date of the last payment or within the 3 following dates (the whole third
 *   day counts) ⇒ 'full': everything paid less what was already refunded.
 * - Otherwise, filed before access start + 2 Almaty calendar months (clamped at month ends, same
 *   local time) ⇒ 'prorated': paid less a monthly share per month of use begun, less what was
 *   already refunded, never below 0.
 * - Otherwise ⇒ 'none'.
 *
 * Edge rules:
 * - No payments ⇒ throws: only paid orders are assessed. Amounts must be non-negative integers.
 * - A payment dated after `filedAt` still counts as the last payment (the filing is within 3 days).
 * - Filed before access started ⇒ no month has begun: 0 months charged.
 * - Months charged never exceed the months bought (`courseMonths`, or 1 for a product without
 *   course months), so a 1-month course filed in its second month is charged its whole price once.
 */
export function assessRefund(facts: OrderFacts, grounds: Grounds, filedAt: Date): Assessment {
  checkFacts(facts, filedAt);
  const standard = standardAssessment(facts, filedAt);
  if (grounds !== 'standard') return { rule: 'manual', eligibleAmount: null, monthsCharged: standard.monthsCharged };
  return standard;
}

function standardAssessment(facts: OrderFacts, filedAt: Date): Assessment {
  const paid = facts.payments.reduce((sum, p) => sum + p.amount, 0);
  const lastPaidAt = facts.payments.reduce((last, p) => (p.paidAt > last ? p.paidAt : last), facts.payments[0]!.paidAt);
  if (calendarDaysBetween(lastPaidAt, filedAt) <= FULL_REFUND_DAYS) {
    return { rule: 'full', eligibleAmount: Math.max(0, paid - facts.alreadyRefunded), monthsCharged: 0 };
  }
  const accessStart = facts.accessStart ?? firstPaidAt(facts.payments);
  const monthsBought = facts.courseMonths > 0 ? facts.courseMonths : 1;
  const monthsCharged = Math.min(monthsBegun(accessStart, filedAt), monthsBought);
  if (filedAt < addCalendarMonths(accessStart, PRORATED_REFUND_MONTHS)) {
    const charged = chargeFor(facts.price, monthsCharged, monthsBought);
    return { rule: 'prorated', eligibleAmount: Math.max(0, paid - charged - facts.alreadyRefunded), monthsCharged };
  }
  return { rule: 'none', eligibleAmount: 0, monthsCharged };
}

/**
 * Months of use begun at `at`: 0 before access starts, 1 during the first month, 2 from the first
 * monthly anniversary on, … Each anniversary is counted from the start (not chained), so access on
 * 31 January has its second month from 28/29 February and its third from 31 March.
 */
export function monthsBegun(accessStart: Date, at: Date): number {
  if (at < accessStart) return 0;
  let months = 1;
  while (addCalendarMonths(accessStart, months) <= at) months += 1;
  return months;
}

/**
 * price × months ÷ monthsBought, rounded to the nearest tiyn with halves rounded up (towards the
 * charge), so the refund (paid − charged) is a whole number of tiyn within half a tiyn of the exact
 * share: below a half the charge rounds down and the student gets the fraction. BigInt keeps the
 * product exact for any price.
 */
export function chargeFor(price: number, months: number, monthsBought: number): number {
  const numerator = 2n * BigInt(price) * BigInt(months) + BigInt(monthsBought);
  return Number(numerator / (2n * BigInt(monthsBought)));
}

function firstPaidAt(payments: PaymentFact[]): Date {
  return payments.reduce((first, p) => (p.paidAt < first ? p.paidAt : first), payments[0]!.paidAt);
}

function checkFacts(facts: OrderFacts, filedAt: Date): void {
  if (facts.payments.length === 0) throw new RangeError('assessRefund: the order has no payments; only paid orders are assessed');
  const counts: Array<[string, number]> = [
    ['price', facts.price], ['courseMonths', facts.courseMonths], ['alreadyRefunded', facts.alreadyRefunded],
    ...facts.payments.map((p, i): [string, number] => [`payments[${i}].amount`, p.amount]),
  ];
  for (const [name, value] of counts) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`assessRefund: ${name} must be a non-negative integer, got ${value}`);
  }
  const instants: Array<[string, Date | null]> = [
    ['filedAt', filedAt], ['accessStart', facts.accessStart], ...facts.payments.map((p, i): [string, Date] => [`payments[${i}].paidAt`, p.paidAt]),
  ];
  for (const [name, value] of instants) {
    if (value !== null && Number.isNaN(value.getTime())) throw new RangeError(`assessRefund: ${name} is not a valid date`);
  }
}
