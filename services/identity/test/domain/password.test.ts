import t from 'tap';
import { checkPassword, fold, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordContext, type PasswordProblem } from '../../src/domain/password.js';

const common: ReadonlySet<string> = new Set(['password', '12345678', 'qwerty123', 'пароль123', 'qazaqstan2024', 'құпиясөз1']);
const ctx: PasswordContext = { email: 'Aigerim.S@Mail.kz', phone: '+77012345678', fullName: 'Айгерим Сапарова' };

t.test('the length bounds are 8 and 128 (ASVS 5.0 6.2.1, 6.2.9)', async (t) => {
  t.equal(MIN_PASSWORD_LENGTH, 8);
  t.equal(MAX_PASSWORD_LENGTH, 128);
});

const cases: { pw: string; note: string; reasons: PasswordProblem[] }[] = [
  { pw: 'correct horse battery', note: 'a passphrase with spaces', reasons: [] },
  { pw: 'abcdefgh', note: 'exactly 8 letters, no digits or symbols (no composition rules)', reasons: [] },
  { pw: 'abcdefg', note: '7 characters', reasons: ['too_short'] },
  { pw: '', note: 'empty', reasons: ['too_short'] },
  { pw: 'қазақша1', note: '8 Kazakh code points (16 UTF-8 bytes)', reasons: [] },
  { pw: '😀😀😀😀😀😀😀', note: '7 emoji (14 UTF-16 units, 7 code points)', reasons: ['too_short'] },
  { pw: '😀😀😀😀😀😀😀😀', note: '8 emoji', reasons: [] },
  { pw: 'x'.repeat(128), note: '128 characters', reasons: [] },
  { pw: 'x'.repeat(129), note: '129 characters', reasons: ['too_long'] },
  { pw: 'ж'.repeat(128), note: '128 Cyrillic characters (256 UTF-8 bytes)', reasons: [] },
  { pw: '        ', note: '8 spaces: kept as typed, never trimmed', reasons: [] },
  { pw: 'password', note: 'in the common list', reasons: ['common'] },
  { pw: 'PassWord', note: 'in the common list, other case', reasons: ['common'] },
  { pw: 'ПАРОЛЬ123', note: 'Cyrillic, upper case', reasons: ['common'] },
  { pw: 'ҚҰПИЯСӨЗ1', note: 'Kazakh letters, upper case', reasons: ['common'] },
  { pw: 'ｑａｚａｑｓｔａｎ２０２４', note: 'full-width form of a common password (NFKC)', reasons: ['common'] },
  { pw: 'qwerty', note: 'short and common', reasons: ['too_short'] },
  { pw: '12345678', note: 'eight digits, common', reasons: ['common'] },
  { pw: 'aigerim.s@mail.kz', note: 'the e-mail', reasons: ['same_as_email'] },
  { pw: 'AIGERIM.S@MAIL.KZ', note: 'the e-mail in upper case', reasons: ['same_as_email'] },
  { pw: 'aigerim.s', note: 'the e-mail login part', reasons: ['same_as_email'] },
  { pw: 'aigerim.s@mail.kz1', note: 'the e-mail with a suffix (not equal)', reasons: [] },
  { pw: '+77012345678', note: 'the phone', reasons: ['same_as_phone'] },
  { pw: '87012345678', note: 'the phone with trunk 8', reasons: ['same_as_phone'] },
  { pw: '7012345678', note: 'the phone without prefix', reasons: ['same_as_phone'] },
  { pw: '8 (701) 234-56-78', note: 'the phone, spelled with punctuation', reasons: ['same_as_phone'] },
  { pw: '70123456789', note: 'other digits', reasons: [] },
  { pw: 'айгерим сапарова', note: 'the full name, lower case', reasons: ['same_as_name'] },
  { pw: 'АйгеримСапарова', note: 'the full name without the space', reasons: ['same_as_name'] },
  { pw: 'Айгерим Сапарова 2007', note: 'the full name with more', reasons: [] },
];

for (const c of cases) {
  t.test(`when the password is ${JSON.stringify(c.pw.length > 40 ? `${c.pw.slice(0, 10)}…` : c.pw)} (${c.note}), then ${c.reasons.length === 0 ? 'it is accepted' : c.reasons.join(', ')}`, async (t) => {
    const verdict = checkPassword(c.pw, ctx, common);
    t.same(verdict, c.reasons.length === 0 ? { ok: true } : { ok: false, reasons: c.reasons });
  });
}

t.test('when several rules fail, then every reason is listed in a fixed order', async (t) => {
  const shortCommon = new Set(['a@b.kz']);
  t.same(checkPassword('a@b.kz', { email: 'a@b.kz' }, shortCommon), { ok: false, reasons: ['too_short', 'common', 'same_as_email'] });
});

t.test('when the context is empty or blank, then only length and the list apply', async (t) => {
  t.same(checkPassword('abcdefgh', {}, common), { ok: true });
  t.same(checkPassword('abcdefgh', { email: '', phone: '', fullName: '   ' }, common), { ok: true });
});

t.test('when a password and its list entry differ only in case or width, then fold makes them equal', async (t) => {
  t.equal(fold('QazaqStan'), 'qazaqstan');
  t.equal(fold('ＡＢＣ１'), 'abc1');
  t.equal(fold('ҚҰПИЯ'), 'құпия');
});
