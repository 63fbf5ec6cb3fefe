import t from 'tap';
import { takeSnapshot, type Contact } from '../../src/domain/snapshot.js';

const contact: Contact = {
  fullName: 'Айгерим Садыкова', email: 'a@example.kz', phone: '+77011234567', region: 'almaty', locale: 'kk',
  untScores: { math: 38, physics: 40 }, offerVersion: 1, crossBorderTransfer: false,
};
const now = new Date('2026-03-01T10:00:00Z');

t.test('when a snapshot is taken, then scores go only when shared and the fields sent are listed', async (t) => {
  const cases: Array<[string, Partial<Contact>, { shareScores: boolean; message: string | null }, string[], boolean]> = [
    ['contacts only', {}, { shareScores: false, message: null }, ['fullName', 'phone', 'email', 'region'], false],
    ['scores shared', {}, { shareScores: true, message: null }, ['fullName', 'phone', 'email', 'region', 'untScores'], true],
    ['shared but none held', { untScores: null }, { shareScores: true, message: null }, ['fullName', 'phone', 'email', 'region'], false],
    ['shared but empty', { untScores: {} }, { shareScores: true, message: null }, ['fullName', 'phone', 'email', 'region'], false],
    ['no e-mail, a message', { email: null }, { shareScores: false, message: 'Hello' }, ['fullName', 'phone', 'region', 'message'], false],
  ];
  for (const [name, change, options, fields, scores] of cases) {
    const outcome = takeSnapshot({ ...contact, ...change }, { ...options, universityCountry: 'KZ', now });
    if (!outcome.ok) {
      t.fail(name);
      continue;
    }
    t.same(outcome.fields, fields, name);
    t.equal('untScores' in outcome.contact, scores, `${name}: scores in the snapshot`);
    t.same(outcome.consent, { basis: 'offer-8.4', offerVersion: 1, givenAt: now.toISOString(), scoresShared: scores, mockScoresShared: false }, `${name}: consent`);
  }
});

t.test('when the university is abroad, then cross-border consent is needed and recorded', async (t) => {
  t.same(takeSnapshot(contact, { shareScores: false, universityCountry: 'KG', message: null, now }), { ok: false, reason: 'cross-border-consent-required' });
  const ok = takeSnapshot({ ...contact, crossBorderTransfer: true }, { shareScores: false, universityCountry: 'KG', message: null, now });
  t.match(ok, { ok: true, consent: { basis: 'offer-8.4', crossBorderTransfer: true } });
  const home = takeSnapshot({ ...contact, crossBorderTransfer: true }, { shareScores: false, universityCountry: 'KZ', message: null, now });
  t.notOk(home.ok && 'crossBorderTransfer' in home.consent, 'not recorded for a university in Kazakhstan');
});

t.test('when neither phone nor e-mail is held, then no lead can be made', async (t) => {
  t.same(takeSnapshot({ ...contact, phone: null, email: null }, { shareScores: false, universityCountry: 'KZ', message: null, now }), { ok: false, reason: 'no-contact-data' });
});
