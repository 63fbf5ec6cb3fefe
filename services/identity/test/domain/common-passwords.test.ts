import { join } from 'node:path';
import t from 'tap';
import {
  buildCommonSet,
  loadCommonPasswords,
  MIN_PACKAGE_ENTRIES,
  parsePackageList,
  parseSupplement,
} from '../../src/domain/common-passwords.js';
import { checkPassword } from '../../src/domain/password.js';

const packageSized = (extra: string[] = []): string =>
  JSON.stringify([...extra, ...Array.from({ length: MIN_PACKAGE_ENTRIES }, (_, i) => `fixture${i}`)]);

t.test('when the package list is a large enough array of strings, then it is parsed as it is', async (t) => {
  const list = parsePackageList(packageSized(['123456', 'password']));
  t.equal(list.length, MIN_PACKAGE_ENTRIES + 2);
  t.equal(list[0], '123456');
});

const badPackageLists = [
  ['{"passwords": []}', 'not an array of strings', 'an object'],
  ['["a", 1]', 'not an array of strings', 'a number inside'],
  ['["123456", "password"]', 'expected at least', 'too short a list'],
  ['not json', 'JSON', 'not JSON'],
] as const;
for (const [json, message, note] of badPackageLists) {
  t.test(`when the package list is ${note}, then loading fails`, async (t) => {
    t.throws(() => parsePackageList(json), new RegExp(message));
  });
}

t.test('when the supplement has comments, blank lines and CRLF, then only passwords are kept', async (t) => {
  t.same(parseSupplement('# header\nпароль\r\n\nqazaqstan\n# note\nйцукен\n'), ['пароль', 'qazaqstan', 'йцукен']);
});

t.test('when lists are merged, then entries are folded and duplicates collapse', async (t) => {
  const set = buildCommonSet([['Password', 'qwerty'], ['PASSWORD', 'Пароль']]);
  t.same([...set].sort(), ['password', 'qwerty', 'пароль']);
});

t.test('when loading from given files, then both lists feed the set', async (t) => {
  const dir = t.testdir({ 'passwords.json': packageSized(['correcthorse']), 'supplement.txt': '# x\nқұпиясөз2024\n' });
  const set = await loadCommonPasswords({ packageList: join(dir, 'passwords.json'), supplement: join(dir, 'supplement.txt') });
  t.equal(set.size, MIN_PACKAGE_ENTRIES + 2);
  t.ok(set.has('correcthorse'));
  t.ok(set.has('құпиясөз2024'));
  t.same(checkPassword('ҚҰПИЯСӨЗ2024', {}, set), { ok: false, reasons: ['common'] });
});

t.test('when a file is missing, then loading fails', async (t) => {
  const dir = t.testdir({ 'supplement.txt': 'x\n' });
  await t.rejects(loadCommonPasswords({ packageList: join(dir, 'nope.json'), supplement: join(dir, 'supplement.txt') }), { code: 'ENOENT' });
});

t.test('when the shipped supplement is loaded, then it holds the ru/kk passwords', async (t) => {
  const dir = t.testdir({ 'passwords.json': packageSized() });
  const set = await loadCommonPasswords({ packageList: join(dir, 'passwords.json') });
  for (const pw of ['пароль', 'йцукен', 'qazaqstan', 'kazakhstan', 'almaty', 'astana', 'құпиясөз', 'gfhjkm', 'qazaqstan2024', 'алматы123', 'joo.kz123']) {
    t.ok(set.has(pw), pw);
  }
  t.ok(set.size - MIN_PACKAGE_ENTRIES >= 500, `supplement has ${set.size - MIN_PACKAGE_ENTRIES} entries`);
});

t.test('when the default list is loaded, then it holds the package list and the supplement', async (t) => {
  const set = await loadCommonPasswords();
  for (const pw of ['123456', 'password', 'qwerty', '12345678', '1q2w3e4r', 'iloveyou', 'admin', 'пароль', 'qazaqstan']) t.ok(set.has(pw), pw);
  t.ok(set.size > 45_000);
});
