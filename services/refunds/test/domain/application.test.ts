import t from 'tap';
import { checkApplication, MAX_AMOUNT, type ApplicationInput } from '../../src/domain/application.js';

// 00:30 on 11 March 2026 in Almaty, still 10 March in UTC.
const now = new Date('2026-03-10T19:30:00Z');
const ORDER = '0195a3c4-5b2e-7c1a-9d3e-00000000002a';

const complete = {
  orderId: ORDER, userFullName: 'Сейітов Айбек', payerFullName: 'Сейітова Гүлнар Маратқызы', amount: 1_200_000,
  accountIban: 'KZ86125KZT5004100100', paymentDate: '2026-03-01', bankBic: 'CASPKZKA', reason: 'The course does not suit me',
};
const withField = (field: string, value: unknown) => ({ ...complete, [field]: value });
/** A short label for a test value. */
const label = (field: string, value: unknown) => {
  const text = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
  return `${field} = ${text.length > 40 ? `${text.slice(0, 37)}…` : text}`;
};
const without = (field: keyof typeof complete) => Object.fromEntries(Object.entries(complete).filter(([k]) => k !== field));

t.test('when the application is complete, then its normalized fields come back with standard grounds', async (t) => {
  const typed = {
    ...complete, orderId: ORDER.toUpperCase(), userFullName: '  Сейітов   Айбек ', accountIban: 'kz86 125k zt50 0410 0100', bankBic: ' caspkzka ',
    reason: '  The course does not suit me \n',
  };
  const expected: ApplicationInput = { ...complete, grounds: 'standard' };
  t.same(checkApplication(typed, now), { ok: true, value: expected });
  for (const grounds of ['standard', 'force_majeure', 'law', 'other'] as const) {
    t.same(checkApplication({ ...complete, grounds }, now), { ok: true, value: { ...complete, grounds } }, grounds);
  }
  t.same(checkApplication(withField('paymentDate', '2026-03-11'), now), { ok: true, value: { ...complete, paymentDate: '2026-03-11', grounds: 'standard' } },
    'paid today in Almaty, though it is still yesterday in UTC');
  t.same(checkApplication(withField('amount', MAX_AMOUNT), now).ok, true, 'the largest amount');
  t.same(checkApplication(withField('userFullName', 'A B'), now).ok, true, 'two one-letter words are two words');
});

t.test('when the body is not an object, then one error names the whole body', async (t) => {
  for (const body of [null, undefined, [], [complete], 'application', 42, true]) {
    const result = checkApplication(body, now);
    t.same(result.ok, false, JSON.stringify(body) ?? 'undefined');
    if (!result.ok) t.same(result.errors.map((e) => e.field), ['/'], JSON.stringify(body) ?? 'undefined');
  }
});

t.test('when the application is empty, then every required field is listed at once', async (t) => {
  const result = checkApplication({}, now);
  t.notOk(result.ok);
  if (result.ok) return;
  t.same(result.errors.map((e) => e.field), ['/orderId', '/userFullName', '/payerFullName', '/amount', '/accountIban', '/paymentDate', '/bankBic', '/reason']);
  for (const e of result.errors) t.match(e.message, /^is required: \S/, `${e.field} says what is expected`);
  for (const field of Object.keys(complete) as Array<keyof typeof complete>) {
    const one = checkApplication(without(field), now);
    t.same(one.ok ? [] : one.errors.map((e) => e.field), [`/${field}`], `only ${field} missing`);
    const nulled = checkApplication(withField(field, null), now);
    t.same(nulled.ok ? [] : nulled.errors.map((e) => e.field), [`/${field}`], `${field} null counts as missing`);
  }
});

t.test('when a field is invalid, then its error says what is expected', async (t) => {
  const table: Array<[field: string, value: unknown, message: RegExp]> = [
    ['orderId', 'order-42', /must be the id \(a UUID\)/],
    ['orderId', 42, /a UUID/],
    ['userFullName', 'Айбек', /at least two words/],
    ['userFullName', '   ', /at least two words/],
    ['userFullName', '123 456', /at least two words/],
    ['userFullName', `${'А'.repeat(100)} ${'Б'.repeat(100)}`, /2–200 characters/],
    ['payerFullName', ['Сейітова', 'Гүлнар'], /must be text/],
    ['amount', 0, /whole number from 1 to 1000000000000/],
    ['amount', -100, /whole number/],
    ['amount', 12.5, /whole number/],
    ['amount', '1200000', /whole number/],
    ['amount', MAX_AMOUNT + 1, /whole number/],
    ['amount', Number.NaN, /whole number/],
    ['accountIban', 'KZ86125KZT5004100101', /mod-97/],
    ['accountIban', 'DE89370400440532013000', /starting with KZ/],
    ['accountIban', 'KZ86125KZT500410010', /20 characters/],
    ['accountIban', 8612500, /must be text/],
    ['paymentDate', '2026-02-30', /real calendar date/],
    ['paymentDate', '2026-3-1', /real calendar date/],
    ['paymentDate', '01.03.2026', /real calendar date/],
    ['paymentDate', '2026-03-12', /is in the future.*2026-03-11/],
    ['bankBic', 'CASPKZ', /has 6 characters/],
    ['bankBic', 'DEUTDEFF', /a bank in DE, but the account is in KZ/],
    ['bankBic', 'CA5PKZKA', /4-letter bank code/],
    ['reason', '  no ', /3–2000 characters, not 2/],
    ['reason', 'x'.repeat(2001), /3–2000 characters/],
    ['reason', { text: 'why' }, /must be text/],
    ['grounds', 'illness', /one of standard, force_majeure, law, other/],
    ['grounds', null, /one of/],
  ];
  for (const [field, value, message] of table) {
    const result = checkApplication(withField(field, value), now);
    t.notOk(result.ok, label(field, value));
    if (result.ok) continue;
    t.equal(result.errors.length, 1, `${label(field, value)}: one error`);
    t.equal(result.errors[0]?.field, `/${field}`);
    t.match(result.errors[0]?.message, message, label(field, value));
  }
  t.ok(checkApplication(withField('reason', 'x'.repeat(2000)), now).ok, '2000 characters are enough');
  t.ok(checkApplication(withField('reason', 'abc'), now).ok, '3 characters are enough');
});

t.test('when fields that are not in the application are sent, then each is listed with the other errors', async (t) => {
  const result = checkApplication({ ...complete, amount: 0, iin: '900101300123', 'a/b~c': 1 }, now);
  t.notOk(result.ok);
  if (result.ok) return;
  t.same(result.errors, [
    { field: '/amount', message: result.errors[0]!.message },
    { field: '/iin', message: 'is not a field of the application' },
    { field: '/a~1b~0c', message: 'is not a field of the application' },
  ]);
});
