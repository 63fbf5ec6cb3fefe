import t from 'tap';
import { assessRefund, chargeFor, monthsBegun, type Assessment, type Grounds, type OrderFacts } from '../../src/domain/assessment.js';

// Almaty wall-clock times written with their offset (+05:00 since March 2024), so the tests do not
// lean on the code's own zone arithmetic.
const at = (local: string) => new Date(`${local}+05:00`);

const PRICE = 1_200_000; // 12 000 tenge for a 12-month course: 100 000 tiyn a month
const paidAt = (local: string, amount = PRICE) => ({ amount, paidAt: at(local) });
const order = (overrides: Partial<OrderFacts> = {}): OrderFacts => ({
  price: PRICE, courseMonths: 12, payments: [paidAt('2026-03-10T12:00:00')], accessStart: null, alreadyRefunded: 0, ...overrides,
});
const full = (eligibleAmount: number): Assessment => ({ rule: 'full', eligibleAmount, monthsCharged: 0 });
const prorated = (eligibleAmount: number, monthsCharged: number): Assessment => ({ rule: 'prorated', eligibleAmount, monthsCharged });
const none = (monthsCharged: number): Assessment => ({ rule: 'none', eligibleAmount: 0, monthsCharged });

type Row = [name: string, facts: OrderFacts, filedAt: Date, expected: Assessment];

t.test('when a standard application is filed around the last payment, then the 3-day rule follows Almaty dates', async (t) => {
  const lateEvening = order({ payments: [{ amount: PRICE, paidAt: new Date('2026-03-10T18:59:00Z') }] }); // 23:59 on 10 March in Almaty
  const justAfterMidnight = order({ payments: [{ amount: PRICE, paidAt: new Date('2026-03-10T19:01:00Z') }] }); // 00:01 on 11 March
  const table: Row[] = [
    ['day 0, a minute after paying', lateEvening, at('2026-03-10T23:59:59'), full(PRICE)],
    ['day 1', lateEvening, at('2026-03-11T10:00:00'), full(PRICE)],
    ['day 3, first minute', lateEvening, at('2026-03-13T00:00:00'), full(PRICE)],
    ['day 3, last second: the whole third day counts', lateEvening, at('2026-03-13T23:59:59'), full(PRICE)],
    ['day 4, first second', lateEvening, at('2026-03-14T00:00:00'), prorated(PRICE - 100_000, 1)],
    ['day 4 in Almaty though still the 13th in UTC', lateEvening, new Date('2026-03-13T19:30:00Z'), prorated(PRICE - 100_000, 1)],
    ['paid 00:01 on the 11th: the 14th is day 3', justAfterMidnight, at('2026-03-14T12:00:00'), full(PRICE)],
    ['paid 23:59 on the 10th: the 14th is day 4', lateEvening, at('2026-03-14T12:00:00'), prorated(PRICE - 100_000, 1)],
    ['paid 00:01 on the 11th: the 15th is day 4', justAfterMidnight, at('2026-03-15T00:00:00'), prorated(PRICE - 100_000, 1)],
  ];
  for (const [name, facts, filedAt, expected] of table) t.same(assessRefund(facts, 'standard', filedAt), expected, name);
});

t.test('when filed after the 3 days, then every month of use begun is charged, up to 2 months of use', async (t) => {
  const march10 = order({ accessStart: at('2026-03-10T12:00:00') });
  const table: Row[] = [
    ['first month', march10, at('2026-03-20T09:00:00'), prorated(1_100_000, 1)],
    ['last second of the first month', march10, at('2026-04-10T11:59:59'), prorated(1_100_000, 1)],
    ['second month begins at the same local time', march10, at('2026-04-10T12:00:00'), prorated(1_000_000, 2)],
    ['last millisecond before 2 months', march10, new Date(at('2026-05-10T12:00:00').getTime() - 1), prorated(1_000_000, 2)],
    ['exactly at access + 2 months: nothing', march10, at('2026-05-10T12:00:00'), none(3)],
    ['months later: nothing', march10, at('2026-06-01T09:00:00'), none(3)],
    ['access starts later than the payment: no month begun yet', order({ accessStart: at('2026-04-01T00:00:00') }), at('2026-03-20T09:00:00'), prorated(PRICE, 0)],
    ['access start unknown: the first payment is the start', order(), at('2026-04-10T12:00:00'), prorated(1_000_000, 2)],
    ['a 3-month course, odd price: the charge rounds to the nearest tiyn',
      order({ price: 1_000_001, courseMonths: 3, payments: [paidAt('2026-03-10T12:00:00', 1_000_001)] }), at('2026-03-20T09:00:00'), prorated(1_000_001 - 333_334, 1)],
    ['a product without course months: the whole price is one month', order({ courseMonths: 0 }), at('2026-03-20T09:00:00'), prorated(0, 1)],
    ['a 1-month course in its second month: charged once, not twice',
      order({ courseMonths: 1, payments: [paidAt('2026-03-10T12:00:00', PRICE + 50_000)] }), at('2026-04-15T09:00:00'), prorated(50_000, 1)],
  ];
  for (const [name, facts, filedAt, expected] of table) t.same(assessRefund(facts, 'standard', filedAt), expected, name);
});

t.test('when access begins at a month end, then later months begin on the clamped date, 29 February included', async (t) => {
  const jan31 = (year: number) => order({ payments: [paidAt(`${year}-01-31T10:00:00`)] });
  const dec31 = order({ payments: [paidAt('2027-12-31T10:00:00')] });
  const feb29 = order({ payments: [paidAt('2028-02-29T10:00:00')] });
  const table: Row[] = [
    ['31 Jan 2026: still the first month on 28 Feb before 10:00', jan31(2026), at('2026-02-28T09:59:00'), prorated(1_100_000, 1)],
    ['31 Jan 2026: second month from 28 Feb 10:00', jan31(2026), at('2026-02-28T10:00:00'), prorated(1_000_000, 2)],
    ['31 Jan 2026: 2 months end on 31 Mar, not 28 Mar', jan31(2026), at('2026-03-30T10:00:00'), prorated(1_000_000, 2)],
    ['31 Jan 2026: nothing from 31 Mar 10:00', jan31(2026), at('2026-03-31T10:00:00'), none(3)],
    ['31 Jan 2028 (leap year): first month until 29 Feb 10:00', jan31(2028), at('2028-02-29T09:59:59'), prorated(1_100_000, 1)],
    ['31 Jan 2028 (leap year): second month from 29 Feb 10:00', jan31(2028), at('2028-02-29T10:00:00'), prorated(1_000_000, 2)],
    ['31 Dec 2027: + 2 months is 29 Feb 2028, a second before', dec31, at('2028-02-29T09:59:59'), prorated(1_000_000, 2)],
    ['31 Dec 2027: + 2 months is 29 Feb 2028', dec31, at('2028-02-29T10:00:00'), none(3)],
    ['29 Feb 2028: second month from 29 March', feb29, at('2028-03-29T10:00:00'), prorated(1_000_000, 2)],
    ['29 Feb 2028: 2 months end on 29 April', feb29, at('2028-04-29T10:00:00'), none(3)],
  ];
  for (const [name, facts, filedAt, expected] of table) t.same(assessRefund(facts, 'standard', filedAt), expected, name);
});

t.test('when an order has several payments, then the last one starts the 3 days and they add up', async (t) => {
  const twoPayments = order({
    payments: [paidAt('2026-02-10T09:00:00', 700_000), paidAt('2026-01-05T09:00:00', 500_000)], // out of order on purpose
    accessStart: at('2026-01-05T09:00:00'),
  });
  const table: Row[] = [
    ['3 days after the last payment: everything paid', twoPayments, at('2026-02-13T20:00:00'), full(1_200_000)],
    ['filed before the later payment came: still within 3 days of the last (edge rule)', twoPayments, at('2026-01-08T20:00:00'), full(1_200_000)],
    ['day 4 after the last payment: 2 months begun since access', twoPayments, at('2026-02-14T09:00:00'), prorated(1_000_000, 2)],
    ['a third payment below the monthly shares', order({
      payments: [paidAt('2026-03-10T12:00:00', 100_000), paidAt('2026-03-11T12:00:00', 50_000), paidAt('2026-03-12T12:00:00', 30_000)],
    }), at('2026-04-20T12:00:00'), prorated(0, 2)],
  ];
  for (const [name, facts, filedAt, expected] of table) t.same(assessRefund(facts, 'standard', filedAt), expected, name);
});

t.test('when part of the order was refunded before, then it is taken off, never below zero', async (t) => {
  const table: Row[] = [
    ['full less the earlier refund', order({ alreadyRefunded: 300_000 }), at('2026-03-11T12:00:00'), full(900_000)],
    ['prorated less the earlier refund', order({ alreadyRefunded: 300_000 }), at('2026-03-20T12:00:00'), prorated(800_000, 1)],
    ['prorated, more refunded than is left', order({ alreadyRefunded: 1_150_000 }), at('2026-03-20T12:00:00'), prorated(0, 1)],
    ['full, everything refunded already', order({ alreadyRefunded: PRICE }), at('2026-03-11T12:00:00'), full(0)],
  ];
  for (const [name, facts, filedAt, expected] of table) t.same(assessRefund(facts, 'standard', filedAt), expected, name);
});

t.test('when the grounds are force majeure, law or other, then an admin decides, told what the standard rule charges', async (t) => {
  const grounds: Grounds[] = ['force_majeure', 'law', 'other'];
  const filings: Array<[string, Date, number]> = [
    ['within 3 days', at('2026-03-11T12:00:00'), 0],
    ['in the second month', at('2026-04-20T12:00:00'), 2],
    ['after 2 months', at('2026-08-01T12:00:00'), 5],
  ];
  for (const g of grounds) {
    for (const [when, filedAt, monthsCharged] of filings) {
      t.same(assessRefund(order(), g, filedAt), { rule: 'manual', eligibleAmount: null, monthsCharged }, `${g}, ${when}`);
    }
  }
});

t.test('when months are counted and charged, then begun months and half-up rounding hold', async (t) => {
  const start = at('2026-01-31T10:00:00');
  const months: Array<[Date, number]> = [
    [at('2026-01-30T10:00:00'), 0], [start, 1], [at('2026-02-28T09:59:59'), 1], [at('2026-02-28T10:00:00'), 2],
    [at('2026-03-31T10:00:00'), 3], [at('2026-04-30T10:00:00'), 4], [at('2027-01-31T10:00:00'), 13],
  ];
  for (const [when, expected] of months) t.equal(monthsBegun(start, when), expected, when.toISOString());
  const charges: Array<[number, number, number, number]> = [
    [1_200_000, 1, 12, 100_000], [100, 1, 8, 13], [100, 3, 8, 38], [1_000_001, 1, 3, 333_334], [1_000_001, 2, 3, 666_667],
    [7, 1, 2, 4], [5, 1, 2, 3], [0, 2, 12, 0], [1_000_000_000_000, 11, 12, 916_666_666_667],
    [10, 1, 3, 3], [7_318_349_394_477_036, 11, 16, 5_031_365_208_702_962], // below a half: rounded down
  ];
  for (const [price, m, of, expected] of charges) t.equal(chargeFor(price, m, of), expected, `${price} × ${m} ÷ ${of}`);
});

t.test('when the facts cannot be assessed, then it throws instead of guessing', async (t) => {
  const filed = at('2026-03-11T12:00:00');
  t.throws(() => assessRefund(order({ payments: [] }), 'standard', filed), /no payments/);
  t.throws(() => assessRefund(order({ payments: [paidAt('2026-03-10T12:00:00', -1)] }), 'standard', filed), /payments\[0\]\.amount/);
  t.throws(() => assessRefund(order({ price: 10.5 }), 'standard', filed), /price/);
  t.throws(() => assessRefund(order({ alreadyRefunded: -5 }), 'standard', filed), /alreadyRefunded/);
  t.throws(() => assessRefund(order(), 'standard', new Date('nonsense')), /filedAt/);
  t.throws(() => assessRefund(order({ accessStart: new Date(NaN) }), 'law', filed), /accessStart/);
});
