import t from 'tap';
import { filledFields, PROFILE_FIELDS, type ProfileValues } from '../../src/domain/profile.js';

t.test('the optional profile has the fields of offer 7.1.2 and 8.1', async (t) => {
  t.same(PROFILE_FIELDS, [
    'iin', 'birthDate', 'gender', 'address', 'untLanguage', 'untDate', 'untPlace', 'profileSubjects', 'untScores', 'grantResult',
    'iktCode', 'grantApplication',
  ]);
});

const full: ProfileValues = {
  iin: '050314501235',
  birthDate: '2005-03-14',
  gender: 'male',
  address: 'Алматы, Абай даңғылы 1',
  untLanguage: 'kk',
  untDate: '2026-06-10',
  untPlace: 'Алматы, ТЦ №1',
  profileSubjects: ['math', 'physics'],
  untScores: { math: 35 },
  grantResult: 'awarded',
  iktCode: '123456789',
  grantApplication: { programmeGroup: 'B057' },
};

const cases: { when: string; profile: ProfileValues; then: string[] }[] = [
  { when: 'nothing is given', profile: {}, then: [] },
  { when: 'everything is given', profile: full, then: [...PROFILE_FIELDS] },
  { when: 'fields are null', profile: { ...full, iin: null, untScores: null, grantResult: null, iktCode: null, grantApplication: null }, then: ['birthDate', 'gender', 'address', 'untLanguage', 'untDate', 'untPlace', 'profileSubjects'] },
  { when: 'fields are undefined', profile: { gender: undefined, untLanguage: 'ru' }, then: ['untLanguage'] },
  { when: 'a string is blank', profile: { address: '   ', untPlace: '', iin: '050314501235' }, then: ['iin'] },
  { when: 'a list or a score table is empty', profile: { profileSubjects: [], untScores: {}, untDate: '2026-06-10' }, then: ['untDate'] },
  { when: 'a value is falsy but real', profile: { untScores: { math: 0 }, grantResult: false }, then: ['untScores', 'grantResult'] },
  { when: 'a date object is given', profile: { birthDate: new Date('2005-03-14'), untDate: new Date(Number.NaN) }, then: ['birthDate'] },
  { when: 'fields are given out of order', profile: { grantResult: 'none', iin: '050314501235', untLanguage: 'kk' }, then: ['iin', 'untLanguage', 'grantResult'] },
];

for (const c of cases) {
  t.test(`when ${c.when}, then the filled fields are [${c.then.join(', ')}]`, async (t) => {
    t.same(filledFields(c.profile), c.then);
  });
}

t.test('when the profile carries other keys, then they are not reported', async (t) => {
  const profile = { email: 'a@b.kz', fullName: 'Айгерим', region: 'almaty', gender: 'female' } as ProfileValues;
  t.same(filledFields(profile), ['gender']);
});
