import t from 'tap';
import { decideCallback, orderStatusAfter, type Notice, type PaymentStatus } from '../../src/domain/callback-outcome.js';
import { checkPayout, payoutRetryDelayMs } from '../../src/domain/payout.js';

const payment = (status: PaymentStatus = 'pending') => ({ status, amount: 16_000_000, currency: 'KZT' });
const paid: Notice = { outcome: 'succeeded', amount: 16_000_000, currency: 'KZT' };

const cases: Array<[string, PaymentStatus, Notice, string, string | null]> = [
  ['a matching success', 'pending', paid, 'succeed', 'paid'],
  ['a decline', 'pending', { outcome: 'failed', amount: 16_000_000, currency: 'KZT', reason: 'InsufficientFunds' }, 'fail', 'failed'],
  ['a success for less', 'pending', { ...paid, amount: 100 }, 'suspicious', 'on_hold'],
  ['a success for more', 'pending', { ...paid, amount: 16_000_001 }, 'suspicious', 'on_hold'],
  ['a success in another currency', 'pending', { ...paid, currency: 'RUB' }, 'suspicious', 'on_hold'],
  ['a success without an amount', 'pending', { ...paid, amount: null }, 'suspicious', 'on_hold'],
  ['a repeated success', 'succeeded', paid, 'duplicate', null],
  ['a decline after a success', 'succeeded', { outcome: 'failed', amount: null, currency: null }, 'duplicate', null],
  ['a success after a decline', 'failed', paid, 'duplicate', null],
  ['a success after a mismatch', 'suspicious', paid, 'duplicate', null],
];
for (const [when, status, notice, kind, orderStatus] of cases) {
  t.test(`when a ${status} payment gets ${when}, then ${kind}`, async (t) => {
    const decision = decideCallback(payment(status), notice);
    t.equal(decision.kind, kind);
    t.equal(orderStatusAfter(decision), orderStatus);
  });
}

const order = { status: 'paid', amount: 16_000_000, currency: 'KZT', refunded: 0 };
const payouts: Array<[string, Parameters<typeof checkPayout>[0], Parameters<typeof checkPayout>[1], string | null]> = [
  ['the whole price', order, { amount: 16_000_000, currency: 'KZT' }, null],
  ['a prorated part', order, { amount: 12_000_000, currency: 'KZT' }, null],
  ['more than was paid', order, { amount: 16_000_001, currency: 'KZT' }, 'exceeds-paid-amount'],
  ['the rest after an earlier refund', { ...order, refunded: 4_000_000 }, { amount: 12_000_001, currency: 'KZT' }, 'exceeds-paid-amount'],
  ['nothing', order, { amount: 0, currency: 'KZT' }, 'zero-amount'],
  ['an unpaid order', { ...order, status: 'pending' }, { amount: 100, currency: 'KZT' }, 'order-not-paid'],
  ['another currency', order, { amount: 100, currency: 'USD' }, 'currency-mismatch'],
];
for (const [when, o, refund, refusal] of payouts) {
  t.test(`when a refund of ${when} is to be paid, then ${refusal ?? 'it is paid'}`, async (t) => {
    t.equal(checkPayout(o, refund), refusal);
  });
}

t.test('when payouts keep failing, then the wait doubles from 10 s up to an hour', async (t) => {
  t.same([1, 2, 3, 4, 20].map(payoutRetryDelayMs), [10_000, 20_000, 40_000, 80_000, 3_600_000]);
});
