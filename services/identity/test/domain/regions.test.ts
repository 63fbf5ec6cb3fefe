import t from 'tap';
import { isRegionCode, parseRegions, REGIONS } from '../../src/domain/regions.js';

t.test('when the data is loaded, then there are 17 regions and 3 cities of republican significance', async (t) => {
  t.equal(REGIONS.length, 20);
  t.same(REGIONS.filter((r) => r.kind === 'city').map((r) => r.code), ['astana', 'almaty', 'shymkent']);
  t.equal(REGIONS.filter((r) => r.kind === 'region').length, 17);
});

t.test('when the data is loaded, then the codes are the agreed stable codes', async (t) => {
  t.same(REGIONS.map((r) => r.code).sort(), [
    'abai', 'akmola', 'aktobe', 'almaty', 'almaty_region', 'astana', 'atyrau', 'east_kazakhstan', 'jambyl', 'jetisu',
    'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'north_kazakhstan', 'pavlodar', 'shymkent', 'turkistan', 'ulytau',
    'west_kazakhstan',
  ]);
});

t.test('when the data is loaded, then every entry has Kazakh and Russian names', async (t) => {
  for (const r of REGIONS) {
    t.match(r.name.kk, /\S/, `${r.code} kk`);
    t.match(r.name.ru, /\S/, `${r.code} ru`);
  }
  t.equal(REGIONS.find((r) => r.code === 'ulytau')?.name.kk, 'Ұлытау облысы');
  t.equal(REGIONS.find((r) => r.code === 'almaty_region')?.name.ru, 'Алматинская область');
});

const codes = [
  ['astana', true], ['almaty', true], ['almaty_region', true], ['abai', true], ['jetisu', true], ['ulytau', true],
  ['Astana', false], ['nur_sultan', false], ['semey', false], ['', false], [' astana', false], ['__proto__', false], ['toString', false],
] as const;
for (const [code, expected] of codes) {
  t.test(`when the code is ${JSON.stringify(code)}, then isRegionCode is ${expected}`, async (t) => {
    t.equal(isRegionCode(code), expected);
  });
}

t.test('when the data is loaded, then it cannot be changed at run time', async (t) => {
  t.ok(Object.isFrozen(REGIONS));
  t.ok(REGIONS.every((r) => Object.isFrozen(r) && Object.isFrozen(r.name)));
});

const badData = [
  ['{}', 'not an array'],
  ['[{"code": "x", "kind": "town", "name": {"kk": "a", "ru": "b"}}]', 'entry 0'],
  ['[{"code": "X", "kind": "city", "name": {"kk": "a", "ru": "b"}}]', 'entry 0'],
  ['[{"code": "x", "kind": "city", "name": {"kk": "", "ru": "b"}}]', 'entry 0'],
  ['[{"code": "x", "kind": "city"}]', 'entry 0'],
  ['[{"code": "x", "kind": "city", "name": {"kk": "a", "ru": "b"}}, {"code": "x", "kind": "region", "name": {"kk": "c", "ru": "d"}}]', 'duplicate'],
] as const;
for (const [json, message] of badData) {
  t.test(`when the regions file is ${json.slice(0, 40)}…, then parsing fails (${message})`, async (t) => {
    t.throws(() => parseRegions(json), new RegExp(message));
  });
}
