import t from 'tap';
import { bicProblem, normalizeBic } from '../../src/domain/bic.js';

t.test('when a well-formed BIC is checked, then there is no problem', async (t) => {
  const table: Array<[string, string | undefined]> = [
    ['HSBKKZKX', undefined], ['CASPKZKA', 'KZ'], ['KCJBKZKXXXX', 'KZ'], ['  caspkzka ', 'kz'], ['DEUTDEFF500', undefined],
    ['HSBKKZKX', 'KZ'], ['ABCDKZ2A', 'KZ'],
  ];
  for (const [bic, country] of table) t.equal(bicProblem(bic, country), null, `${JSON.stringify(bic)} for ${country ?? 'any country'}`);
  t.equal(normalizeBic('  caspkzka '), 'CASPKZKA');
});

t.test('when a BIC is malformed or in another country, then the problem says what is wrong', async (t) => {
  const table: Array<[string, string | undefined, RegExp]> = [
    ['', undefined, /is empty/],
    ['CASPKZK', undefined, /has 7 characters/],
    ['CASPKZKAX', undefined, /has 9 characters/],
    ['CASPKZKAXXXX', undefined, /has 12 characters/],
    ['CA5PKZKA', undefined, /4-letter bank code, not CA5P/],
    ['CASP12KA', undefined, /2-letter country code.*not 12/],
    ['CASPKZK-', undefined, /location code.*not K-/],
    ['KCJBKZKXX_X', undefined, /branch code.*not X_X/],
    ['CASP KZKA', undefined, /has 9 characters/],
    ['DEUTDEFF', 'KZ', /a bank in DE, but the account is in KZ/],
    ['SABRRUMM', 'KZ', /a bank in RU/],
  ];
  for (const [bic, country, message] of table) t.match(bicProblem(bic, country), message, `${JSON.stringify(bic)}`);
});
