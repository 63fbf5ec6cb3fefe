import t from 'tap';
import { decimalToTiyn, formatTenge, MAX_TIYN, tiynToDecimal } from '../../src/domain/money.js';

const pairs: Array<[number, string]> = [
  [0, '0.00'], [1, '0.01'], [10, '0.10'], [99, '0.99'], [100, '1.00'], [16_000_000, '160000.00'], [25_000_050, '250000.50'],
];
for (const [tiyn, decimal] of pairs) {
  t.test(`when ${tiyn} tiyn crosses to a provider and back, then it is "${decimal}" and ${tiyn} again`, async (t) => {
    t.equal(tiynToDecimal(tiyn), decimal);
    t.equal(decimalToTiyn(decimal), tiyn);
  });
}

const read: Array<[string | number, number | null, string]> = [
  ['160000', 16_000_000, 'whole tenge'],
  ['160000.5', 16_000_050, 'one decimal'],
  ['160000,50', 16_000_050, 'a comma as separator'],
  [160000.5, 16_000_050, 'a JSON number'],
  [0.29, 29, 'a float that is not exact in binary'],
  ['  12.34 ', 1234, 'surrounding spaces'],
  ['12.345', null, 'three decimals'],
  ['-1.00', null, 'negative'],
  ['1e5', null, 'exponent'],
  ['', null, 'empty'],
  ['abc', null, 'not a number'],
  [Number.NaN, null, 'NaN'],
  ['1000000001.00', null, 'above the ceiling'],
];
for (const [input, expected, note] of read) {
  t.test(`when a provider sends ${JSON.stringify(input)} (${note}), then it reads as ${expected}`, async (t) => {
    t.equal(decimalToTiyn(input), expected);
  });
}

t.test('when an amount is not whole tiyn, then it cannot be sent', async (t) => {
  t.throws(() => tiynToDecimal(1.5));
  t.throws(() => tiynToDecimal(-1));
  t.equal(decimalToTiyn(tiynToDecimal(MAX_TIYN)), MAX_TIYN);
});

t.test('when an amount is shown, then thousands are grouped and tiyn appear only when present', async (t) => {
  t.equal(formatTenge(16_000_000), '160\u00a0000\u00a0₸');
  t.equal(formatTenge(25_000_050), '250\u00a0000,50\u00a0₸');
  t.equal(formatTenge(99), '0,99\u00a0₸');
});
