import t from 'tap';
import { hmacBase64, hmacHex, sameSignature } from '../../src/domain/signatures.js';

// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
const RFC4231_HEX = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';

t.test('when the RFC 4231 vector is signed, then hex and base64 match the published HMAC-SHA256', async (t) => {
  t.equal(hmacHex('Jefe', 'what do ya want for nothing?'), RFC4231_HEX);
  t.equal(hmacBase64('Jefe', 'what do ya want for nothing?'), Buffer.from(RFC4231_HEX, 'hex').toString('base64'));
});

const checks: Array<[string, string | undefined, boolean]> = [
  ['the same signature', 'abc123', true],
  ['the same signature with surrounding spaces', ' abc123 ', true],
  ['another signature of the same length', 'abc124', false],
  ['a shorter signature', 'abc12', false],
  ['an empty header', '', false],
  ['no header', undefined, false],
];
for (const [when, received, ok] of checks) {
  t.test(`when the provider sends ${when}, then it is ${ok ? 'accepted' : 'refused'}`, async (t) => {
    t.equal(sameSignature(received, 'abc123'), ok);
  });
}

t.test('when one byte of the body changes, then the signature no longer matches', async (t) => {
  const body = 'TransactionId=1&Amount=160000.00&Currency=KZT';
  t.notOk(sameSignature(hmacBase64('secret', body), hmacBase64('secret', body.replace('160000', '160001'))));
  t.notOk(sameSignature(hmacBase64('secret', body), hmacBase64('other-secret', body)));
});
