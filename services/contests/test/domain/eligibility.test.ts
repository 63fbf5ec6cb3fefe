import t from 'tap';
import { checkEligibility, missingLabels, type ProfileFacts, type Requirements } from '../../src/domain/eligibility.js';

const full: ProfileFacts = { region: 'almaty', locale: 'kk', filled: ['iin', 'untScores', 'profileSubjects'] };

t.test('when a profile is checked against requirements, then the verdict names what is missing or wrong', async (t) => {
  const table: Array<[string, ProfileFacts | null, Requirements, ReturnType<typeof checkEligibility>]> = [
    ['nothing required', null, { requiredProfileFields: [] }, { ok: true }],
    ['fields present', full, { requiredProfileFields: ['iin', 'untScores'] }, { ok: true }],
    ['fields missing', { ...full, filled: ['iin'] }, { requiredProfileFields: ['iin', 'untScores', 'birthDate'] }, { ok: false, reason: 'profile-incomplete', missing: ['untScores', 'birthDate'] }],
    ['no profile yet', null, { requiredProfileFields: ['iin'] }, { ok: false, reason: 'profile-incomplete', missing: ['iin'] }],
    ['region listed', full, { requiredProfileFields: [], regions: ['almaty', 'astana'] }, { ok: true }],
    ['region not listed', full, { requiredProfileFields: [], regions: ['astana'] }, { ok: false, reason: 'region-not-eligible', region: 'almaty' }],
    ['region unknown', null, { requiredProfileFields: [], regions: ['astana'] }, { ok: false, reason: 'region-not-eligible', region: null }],
    ['empty region list means all', full, { requiredProfileFields: [], regions: [] }, { ok: true }],
    ['locale listed', full, { requiredProfileFields: [], locales: ['kk'] }, { ok: true }],
    ['locale not listed', full, { requiredProfileFields: [], locales: ['ru'] }, { ok: false, reason: 'locale-not-eligible', locale: 'kk' }],
    ['missing fields come first', { ...full, filled: [] }, { requiredProfileFields: ['iin'], regions: ['astana'] }, { ok: false, reason: 'profile-incomplete', missing: ['iin'] }],
  ];
  for (const [name, profile, req, verdict] of table) t.same(checkEligibility(profile, req), verdict, name);
});

t.test('when missing fields are named for people, then both languages are given', async (t) => {
  t.same(missingLabels(['iin', 'untScores']), { kk: 'ЖСН, ҰБТ нәтижелері', ru: 'ИИН, Результаты ЕНТ' });
});
