import t from 'tap';
import { ibanMod97, kazakhIbanProblem, normalizeIban } from '../../src/domain/iban.js';

/** An independent ISO 13616 check: the whole number at once with BigInt. */
function referenceMod97(iban: string): bigint {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rearranged].map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  return BigInt(digits) % 97n;
}
/** A valid KZ IBAN for a bank code and account: check digits = 98 − mod97(with 00). */
function kzIban(bank: string, account: string): string {
  const check = 98n - referenceMod97(`KZ00${bank}${account}`);
  return `KZ${String(check).padStart(2, '0')}${bank}${account}`;
}

const valid = [
  'KZ86125KZT5004100100', // the registry's example
  'KZ72722S000006805521', // the offer's own account (section 16)
  kzIban('601', '0000000000001'),
  kzIban('722', 'S000012345678'),
  kzIban('998', 'ABCDEFGHIJKLM'),
  kzIban('000', '9999999999999'),
];

t.test('when a valid Kazakhstan IBAN is checked, then there is no problem, however it is spaced or cased', async (t) => {
  for (const iban of valid) {
    t.equal(referenceMod97(iban), 1n, `${iban} is valid by the reference`);
    t.equal(ibanMod97(iban), 1, `${iban}: the implementation agrees`);
    t.equal(kazakhIbanProblem(iban), null, iban);
    const typed = iban.toLowerCase().replace(/(.{4})/g, '$1 ').trim();
    t.equal(kazakhIbanProblem(` ${typed} `), null, `typed as "${typed}"`);
    t.equal(normalizeIban(typed), iban);
  }
});

t.test('when an IBAN is corrupted, then the problem names what is wrong', async (t) => {
  const base = 'KZ86125KZT5004100100';
  const swapped = base.slice(0, 10) + base[11] + base[10] + base.slice(12); // two neighbours exchanged
  const table: Array<[string, string, RegExp]> = [
    ['empty', '', /is empty/],
    ['only spaces', '   ', /is empty/],
    ['a dash', 'KZ86-125K-ZT50-0410-0100', /only Latin letters and digits/],
    ['Cyrillic К', 'КZ86125KZT5004100100', /only Latin letters and digits/],
    ['another country', 'DE89370400440532013000', /starting with KZ, not DE/],
    ['one character short', base.slice(0, 19), /20 characters.*not 19/],
    ['one character too many', `${base}0`, /20 characters.*not 21/],
    ['letters for check digits', 'KZAB125KZT5004100100', /two check digits/],
    ['a letter in the bank code', 'KZ861A5KZT5004100100', /3-digit bank code/],
    ['one digit changed', base.slice(0, 19) + '1', /mod-97/],
    ['two neighbours swapped', swapped, /mod-97/],
    ['check digits changed', 'KZ87125KZT5004100100', /mod-97/],
  ];
  for (const [name, value, message] of table) t.match(kazakhIbanProblem(value), message, name);
  t.not(referenceMod97(swapped), 1n, 'the swap really breaks the checksum');
});

t.test('when any one character after KZ is mistyped as another digit, then mod-97 catches it', async (t) => {
  const iban = valid[1]!;
  let caught = 0;
  let tried = 0;
  for (let i = 2; i < iban.length; i += 1) {
    for (const c of '0123456789') {
      if (c === iban[i]) continue;
      tried += 1;
      if (kazakhIbanProblem(iban.slice(0, i) + c + iban.slice(i + 1)) !== null) caught += 1;
    }
  }
  t.equal(caught, tried, `all ${tried} single-character errors are caught`);
});
