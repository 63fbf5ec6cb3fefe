import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '@joo/testing';
import { assessRefund, chargeFor, GROUNDS, type OrderFacts } from '../../src/domain/assessment.js';


const DAY_MS = 86_400_000;
// Around Almaty's change of offset on 1 March 2024 and across leap years and month ends.
const instant = fc.date({ min: new Date('2023-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true });
const later = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** A paid order: one to three payments, access from a payment (or a few days later), part of it perhaps already refunded. */
const paidOrder = fc.record({
  price: fc.integer({ min: 0, max: 500_000_000 }),
  courseMonths: fc.integer({ min: 0, max: 12 }),
  firstPaidAt: instant,
  payments: fc.array(fc.record({ amount: fc.integer({ min: 0, max: 500_000_000 }), afterMs: fc.nat({ max: 40 * DAY_MS }) }), { minLength: 1, maxLength: 3 }),
  accessDelayMs: fc.option(fc.nat({ max: 10 * DAY_MS }), { nil: null }),
  refundedShare: fc.double({ min: 0, max: 1, noNaN: true }),
}).map(({ price, courseMonths, firstPaidAt, payments, accessDelayMs, refundedShare }): OrderFacts => {
  const paid = payments.reduce((sum, p) => sum + p.amount, 0);
  return {
    price, courseMonths,
    payments: payments.map((p, i) => ({ amount: p.amount, paidAt: later(firstPaidAt, i === 0 ? 0 : p.afterMs) })),
    accessStart: accessDelayMs === null ? null : later(firstPaidAt, accessDelayMs),
    alreadyRefunded: Math.floor(paid * refundedShare),
  };
});
const paidOf = (facts: OrderFacts) => facts.payments.reduce((sum, p) => sum + p.amount, 0);
const lastPaidAt = (facts: OrderFacts) => new Date(Math.max(...facts.payments.map((p) => p.paidAt.getTime())));
/** When the application is filed: from a day before the first payment to eight months after the last. */
const filing = (facts: OrderFacts, offsetMs: number) => later(lastPaidAt(facts), offsetMs - 41 * DAY_MS);
const offset = fc.nat({ max: 280 * DAY_MS });

t.test('when a standard application is assessed, then the amount is a whole tiyn between 0 and what is left of the payments', async (t) => {
  assertProperty(t, '0 ≤ eligible ≤ paid − already refunded', fc.property(paidOrder, offset, (facts, at) => {
    const { eligibleAmount } = assessRefund(facts, 'standard', filing(facts, at));
    return eligibleAmount !== null && Number.isSafeInteger(eligibleAmount) && eligibleAmount >= 0 && eligibleAmount <= paidOf(facts) - facts.alreadyRefunded;
  }), 500);
});

t.test('when the same order is assessed later, then the refund never grows and the months charged never shrink', async (t) => {
  assertProperty(t, 'monotone in the time of use', fc.property(paidOrder, offset, offset, (facts, a, b) => {
    const [early, late] = [filing(facts, Math.min(a, b)), filing(facts, Math.max(a, b))];
    const first = assessRefund(facts, 'standard', early);
    const second = assessRefund(facts, 'standard', late);
    return second.eligibleAmount! <= first.eligibleAmount! && second.monthsCharged >= first.monthsCharged;
  }), 500);
});

t.test('when filed within the 3 days after the last payment, then everything not yet refunded comes back', async (t) => {
  assertProperty(t, 'full refund in the first 3 calendar days', fc.property(paidOrder, fc.nat({ max: 2 * DAY_MS }), (facts, afterMs) => {
    const assessment = assessRefund(facts, 'standard', later(lastPaidAt(facts), afterMs));
    return assessment.rule === 'full' && assessment.eligibleAmount === paidOf(facts) - facts.alreadyRefunded;
  }), 300);
});

t.test('when part was already refunded, then exactly that part less is refunded now, never below 0', async (t) => {
  assertProperty(t, 'eligible(r) = max(0, eligible(0) − r)', fc.property(paidOrder, offset, (facts, at) => {
    const filedAt = filing(facts, at);
    const fresh = assessRefund({ ...facts, alreadyRefunded: 0 }, 'standard', filedAt);
    const now = assessRefund(facts, 'standard', filedAt);
    return now.eligibleAmount === Math.max(0, fresh.eligibleAmount! - facts.alreadyRefunded) && now.rule === fresh.rule;
  }), 300);
});

t.test('when the grounds are not standard, then an admin decides, shown the months the standard rule would charge', async (t) => {
  assertProperty(t, 'manual, no amount, same months', fc.property(paidOrder, offset, fc.constantFrom(...GROUNDS.filter((g) => g !== 'standard')), (facts, at, grounds) => {
    const filedAt = filing(facts, at);
    const manual = assessRefund(facts, grounds, filedAt);
    return manual.rule === 'manual' && manual.eligibleAmount === null && manual.monthsCharged === assessRefund(facts, 'standard', filedAt).monthsCharged;
  }), 300);
});

t.test('when months of use are charged, then the charge is the exact share rounded to the nearest tiyn, halves up', async (t) => {
  const charge = fc.integer({ min: 1, max: 24 }).chain((bought) => fc.tuple(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: bought }), fc.constant(bought)));
  assertProperty(t, '−½ < charge − price·m/bought ≤ ½, and all months cost the price', fc.property(charge, ([price, months, bought]) => {
    const twiceError = 2n * (BigInt(chargeFor(price, months, bought)) * BigInt(bought) - BigInt(price) * BigInt(months)); // 2·(charge − share)·bought
    return -BigInt(bought) < twiceError && twiceError <= BigInt(bought) && chargeFor(price, bought, bought) === price;
  }), 1000);
  assertProperty(t, 'more months never cost less', fc.property(charge, ([price, months, bought]) => {
    return months === bought || chargeFor(price, months, bought) <= chargeFor(price, months + 1, bought);
  }), 500);
});
