import t from 'tap';
import { KZ_MOBILE_CODES, normalizeKzMobile } from '../../src/domain/phone.js';

const accepted = [
  ['+7 701 234 56 78', 'international with spaces'],
  ['8 (701) 234-56-78', 'trunk 8 with parentheses and hyphens'],
  ['87012345678', 'trunk 8, digits only'],
  ['7012345678', 'ten digits, no prefix'],
  ['+7-701-234-5678', 'international with hyphens'],
  ['77012345678', 'country code without plus'],
  ['+77012345678', 'already E.164'],
  ['  +7 (701) 234 56 78  ', 'surrounding spaces'],
  ['8.701.234.56.78', 'dots'],
  ['+7 (701)2345678', 'parentheses, no spaces'],
] as const;

for (const [input, note] of accepted) {
  t.test(`when the input is ${JSON.stringify(input)} (${note}), then it is +77012345678`, async (t) => {
    t.equal(normalizeKzMobile(input), '+77012345678');
  });
}

t.test('when the operator code is any Kazakhstan mobile code, then the number is accepted', async (t) => {
  for (const code of ['700', '701', '702', '703', '704', '705', '706', '707', '708', '747', '771', '775', '776', '777', '778']) {
    t.equal(normalizeKzMobile(`8 ${code} 123 45 67`), `+7${code}1234567`, code);
  }
  t.equal(KZ_MOBILE_CODES.size, 15);
});

const refused = [
  ['+7 7172 55 66 77', 'Astana landline (717)'],
  ['8 727 250 00 00', 'Almaty landline (727)'],
  ['+7 7212 41 00 00', 'Karaganda landline (721)'],
  ['+7 709 123 45 67', '709 is not a mobile code'],
  ['+7 770 123 45 67', '770 is not a mobile code'],
  ['+7 748 123 45 67', '748 is not a mobile code'],
  ['+7 916 123 45 67', 'Russian mobile (+7 9xx)'],
  ['8 916 123 45 67', 'Russian mobile with trunk 8'],
  ['+7 495 123 45 67', 'Moscow landline'],
  ['+7 600 123 45 67', 'Kazakhstan non-mobile range'],
  ['+7 701 234 56 7', 'one digit short'],
  ['+7 701 234 56 789', 'one digit long'],
  ['701234567', 'nine digits'],
  ['970123456789', 'twelve digits'],
  ['+87012345678', 'plus with trunk 8'],
  ['+37012345678', 'other country'],
  ['97012345678', 'eleven digits starting with 9'],
  ['+7 701 CALL NOW', 'letters'],
  ['+7 701 234 56 78 ext 1', 'extension text'],
  ['tel:+77012345678', 'URI scheme'],
  ['7701２345678', 'a full-width digit'],
  ['+7 701 234 56 78+', 'a second plus'],
  ['', 'empty'],
  ['   ', 'blank'],
] as const;

for (const [input, note] of refused) {
  t.test(`when the input is ${JSON.stringify(input)} (${note}), then it is refused`, async (t) => {
    t.equal(normalizeKzMobile(input), null);
  });
}
