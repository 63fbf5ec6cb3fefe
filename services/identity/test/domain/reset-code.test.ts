import t from 'tap';
import { codeUsable, newResetCode, RESET_CODE, resetCodeMaterial, sameDigest } from '../../src/domain/reset-code.js';

t.test('when codes are drawn, then each is six digits, leading zeros kept', async (t) => {
  for (let i = 0; i < 200; i += 1) t.match(newResetCode(), /^\d{6}$/);
});

t.test('when a code is checked, then it is usable only before expiry and within the tries', async (t) => {
  const now = new Date('2026-12-07T05:00:00Z');
  const later = new Date(now.getTime() + RESET_CODE.ttlMs);
  t.ok(codeUsable({ expiresAt: later, tries: 0 }, now));
  t.ok(codeUsable({ expiresAt: later, tries: RESET_CODE.maxTries - 1 }, now));
  t.notOk(codeUsable({ expiresAt: later, tries: RESET_CODE.maxTries }, now));
  t.notOk(codeUsable({ expiresAt: now, tries: 0 }, now), 'expires at the instant');
});

t.test('when digests are compared, then only equal bytes match and the reset id binds the code', async (t) => {
  t.ok(sameDigest(Buffer.from('abc'), Buffer.from('abc')));
  t.notOk(sameDigest(Buffer.from('abc'), Buffer.from('abd')));
  t.notOk(sameDigest(Buffer.from('abc'), Buffer.from('abcd')));
  t.not(resetCodeMaterial('r1', '123456'), resetCodeMaterial('r2', '123456'));
});
