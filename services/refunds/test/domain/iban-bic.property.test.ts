import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '@joo/testing';
import { ibanMod97, kazakhIbanProblem, normalizeIban } from '../../src/domain/iban.js';
import { bicProblem } from '../../src/domain/bic.js';

const DIGITS = '0123456789';
const ALPHANUMERIC = `${DIGITS}ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
const chars = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((a) => a.join(''));

/** ISO 13616 by the book, independent of the implementation: the whole number at once with BigInt. */
function referenceMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  return Number(BigInt([...rearranged].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('')) % 97n);
}

/** A Kazakhstan IBAN made the way a bank makes one: check digits = 98 − mod97 of the number with 00. */
const kazakhIban = fc.tuple(chars(DIGITS, 3), chars(ALPHANUMERIC, 13)).map(([bank, account]) => {
  const check = 98 - referenceMod97(`KZ00${bank}${account}`);
  return `KZ${String(check).padStart(2, '0')}${bank}${account}`;
});

t.test('when check digits are computed for any bank code and account, then the IBAN is accepted, however typed', async (t) => {
  assertProperty(t, 'a computed IBAN has mod-97 of 1 and no problem', fc.property(kazakhIban, (iban) => {
    return ibanMod97(iban) === 1 && kazakhIbanProblem(iban) === null;
  }), 500);
  assertProperty(t, 'lower case and any spacing normalize back to the same IBAN', fc.property(
    kazakhIban, fc.array(fc.constantFrom(' ', '  ', '\t'), { minLength: 20, maxLength: 20 }),
    (iban, gaps) => {
      const typed = [...iban.toLowerCase()].map((c, i) => c + gaps[i]).join('');
      return normalizeIban(typed) === iban && kazakhIbanProblem(` ${typed}`) === null;
    },
  ));
});

t.test('when any alphanumeric string is reduced mod 97, then the digit-by-digit remainder equals the BigInt one', async (t) => {
  assertProperty(t, 'ibanMod97 agrees with the reference', fc.property(chars(ALPHANUMERIC, 20), (value) => ibanMod97(value) === referenceMod97(value)), 1000);
});

const kind = (c: string) => (/\d/.test(c) ? 'digit' : 'letter');

// ISO 7064 MOD 97-10 sees every change of one digit for a digit or one letter for a letter (the
// number changes by less than 97 times a power of ten, and 97 is prime to ten), and every swap of two
// neighbours of the same kind. A letter stands for two digits, so a letter typed for a digit changes
// the number's length, and the standard does not promise to see that: those cases are left out.
t.test('when one character of a valid IBAN is mistyped for one of its kind, or two such neighbours are swapped, then it is refused', async (t) => {
  assertProperty(t, 'any substitution of a digit for a digit or a letter for a letter is refused', fc.property(
    kazakhIban, fc.nat({ max: 19 }), fc.constantFrom(...ALPHANUMERIC),
    (iban, at, typo) => {
      fc.pre(iban[at] !== typo && kind(iban[at]!) === kind(typo));
      return kazakhIbanProblem(iban.slice(0, at) + typo + iban.slice(at + 1)) !== null;
    },
  ), 1000);
  assertProperty(t, 'any swap of two different neighbours of the same kind is refused', fc.property(
    kazakhIban, fc.nat({ max: 18 }),
    (iban, at) => {
      fc.pre(iban[at] !== iban[at + 1] && kind(iban[at]!) === kind(iban[at + 1]!));
      return kazakhIbanProblem(iban.slice(0, at) + iban[at + 1] + iban[at] + iban.slice(at + 2)) !== null;
    },
  ), 1000);
  assertProperty(t, 'any other mistyped character is refused exactly when the check digits no longer match', fc.property(
    kazakhIban, fc.integer({ min: 7, max: 19 }), fc.constantFrom(...ALPHANUMERIC),
    (iban, at, typo) => {
      const typed = iban.slice(0, at) + typo + iban.slice(at + 1);
      return (kazakhIbanProblem(typed) === null) === (referenceMod97(typed) === 1);
    },
  ), 1000);
});

t.test('when a valid IBAN loses or gains a character, then it is refused for its length', async (t) => {
  assertProperty(t, 'a length other than 20 is refused', fc.property(
    kazakhIban, fc.integer({ min: 3, max: 40 }), chars(ALPHANUMERIC, 40),
    (iban, length, filler) => {
      fc.pre(length !== 20);
      const changed = (iban + filler).slice(0, length);
      return /must have 20 characters/.test(kazakhIbanProblem(changed) ?? '');
    },
  ));
});

const LETTERS = ALPHANUMERIC.slice(10);
const bic = fc.tuple(chars(LETTERS, 4), chars(LETTERS, 2), chars(ALPHANUMERIC, 2), fc.option(chars(ALPHANUMERIC, 3), { nil: '' }))
  .map(([bank, country, location, branch]) => ({ bank, country, value: `${bank}${country}${location}${branch}` }));

t.test('when a BIC is well formed, then it is accepted for its own country and refused for any other', async (t) => {
  assertProperty(t, 'well formed ⇒ no problem, also trimmed and in lower case', fc.property(bic, ({ value, country }) => {
    return bicProblem(value) === null && bicProblem(`  ${value.toLowerCase()} `, country.toLowerCase()) === null;
  }), 500);
  assertProperty(t, 'another country than the account\'s ⇒ refused, naming both', fc.property(bic, chars(LETTERS, 2), ({ value, country }, other) => {
    fc.pre(other !== country);
    const problem = bicProblem(value, other) ?? '';
    return problem.includes(country) && problem.includes(other);
  }), 500);
  assertProperty(t, 'a digit in the bank or country code ⇒ refused', fc.property(bic, fc.nat({ max: 5 }), fc.constantFrom(...DIGITS), ({ value }, at, digit) => {
    return bicProblem(value.slice(0, at) + digit + value.slice(at + 1)) !== null;
  }), 500);
  assertProperty(t, 'any length but 8 or 11 ⇒ refused', fc.property(chars(ALPHANUMERIC, 20), fc.integer({ min: 1, max: 20 }), (text, length) => {
    fc.pre(length !== 8 && length !== 11);
    return /has \d+ characters/.test(bicProblem(text.slice(0, length)) ?? '');
  }));
});
