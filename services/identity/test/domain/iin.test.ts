import t from 'tap';
import { validateIin } from '../../src/domain/iin.js';

// Control digits computed by hand with the published algorithm (weights 1..11, then 3..11,1,2).
const valid = [
  { iin: '050314501235', birthDate: '2005-03-14', gender: 'male', note: '2000s, male (5)' },
  { iin: '060822604567', birthDate: '2006-08-22', gender: 'female', note: '2000s, female (6)' },
  { iin: '851231300015', birthDate: '1985-12-31', gender: 'male', note: '1900s, male (3)' },
  { iin: '990101477771', birthDate: '1999-01-01', gender: 'female', note: '1900s, female (4)' },
  { iin: '870101100056', birthDate: '1887-01-01', gender: 'male', note: '1800s, male (1)' },
  { iin: '870101200052', birthDate: '1887-01-01', gender: 'female', note: '1800s, female (2)' },
  { iin: '000229512349', birthDate: '2000-02-29', gender: 'male', note: '29 February of a leap year' },
  { iin: '071115600008', birthDate: '2007-11-15', gender: 'female', note: 'first sum is 10, second weights give 8' },
  { iin: '071115600021', birthDate: '2007-11-15', gender: 'female', note: 'first sum is 10, second weights give 1' },
] as const;

for (const c of valid) {
  t.test(`when the IIN is ${c.iin} (${c.note}), then it is valid with its birth date and gender`, async (t) => {
    t.same(validateIin(c.iin), { ok: true, birthDate: c.birthDate, gender: c.gender });
  });
}

const invalid = [
  { iin: '', reason: 'format', note: 'empty' },
  { iin: '05031450123', reason: 'format', note: '11 digits' },
  { iin: '0503145012350', reason: 'format', note: '13 digits' },
  { iin: '05031450123A', reason: 'format', note: 'a letter' },
  { iin: ' 050314501235', reason: 'format', note: 'a leading space' },
  { iin: '050314 501235', reason: 'format', note: 'a space inside' },
  { iin: '０５０３１４５０１２３５', reason: 'format', note: 'full-width digits' },
  { iin: '050314001235', reason: 'format', note: 'century digit 0' },
  { iin: '050314701235', reason: 'format', note: 'century digit 7' },
  { iin: '050314901235', reason: 'format', note: 'century digit 9' },
  { iin: '050314501236', reason: 'checksum', note: 'control digit off by one' },
  { iin: '050314501230', reason: 'checksum', note: 'control digit 0 instead of 5' },
  { iin: '051314501235', reason: 'checksum', note: 'a typo in the month' },
  { iin: '071115600010', reason: 'checksum', note: 'both weighted sums are 10 (no control digit exists), ends in 0' },
  { iin: '071115600011', reason: 'checksum', note: 'both weighted sums are 10, ends in 1' },
  { iin: '000229312346', reason: 'date', note: '29 February 1900 (not a leap year), checksum right' },
  { iin: '991301500016', reason: 'date', note: 'month 13, checksum right' },
  { iin: '890230300024', reason: 'date', note: '30 February, checksum right' },
] as const;

for (const c of invalid) {
  t.test(`when the IIN is ${JSON.stringify(c.iin)} (${c.note}), then it is refused for ${c.reason}`, async (t) => {
    t.same(validateIin(c.iin), { ok: false, reason: c.reason });
  });
}

t.test('when the month and day are 00, then the date is refused', async (t) => {
  // 000000 + 5 + 0000: weighted sum 5*7 = 35, 35 mod 11 = 2
  t.same(validateIin('000000500002'), { ok: false, reason: 'date' });
});
