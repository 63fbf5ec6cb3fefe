import t from 'tap';
import { normalizeIktCode, normalizeProgrammeGroup } from '../../src/domain/ikt.js';

t.test('when an ИКТ has nine digits, then it is kept without spaces or dashes', async (t) => {
  t.same(normalizeIktCode('123456789'), { ok: true, value: '123456789' });
  t.same(normalizeIktCode(' 123 456-789 '), { ok: true, value: '123456789' });
});

t.test('when an ИКТ has another length or letters, then it is refused', async (t) => {
  for (const bad of ['12345678', '1234567890', '12345678a', '', '１２３４５６７８９']) t.same(normalizeIktCode(bad), { ok: false }, bad);
});

t.test('when a programme group is typed with a Cyrillic В or lower case, then it becomes B and three digits', async (t) => {
  t.equal(normalizeProgrammeGroup('В057'), 'B057');
  t.equal(normalizeProgrammeGroup(' b001 '), 'B001');
  t.equal(normalizeProgrammeGroup('B57'), null);
  t.equal(normalizeProgrammeGroup('M001'), null);
});
