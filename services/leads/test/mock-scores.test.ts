import t from 'tap';
import { uuidv7 } from 'uuidv7';
import { AttemptFinished, AttemptRescored, UserErased, type EventData } from '@joo/contracts';
import { withTransaction } from '@joo/db';
import { identityRoutes } from '../src/events/identity.js';
import { practiceRoutes } from '../src/events/practice.js';
import { takeSnapshot, type Contact } from '../src/domain/snapshot.js';
import { build, press, student } from './helper.js';

function mock(userId: string, finishedAt: string, total: number, overrides: Partial<EventData<typeof AttemptFinished>> = {}): EventData<typeof AttemptFinished> {
  return {
    attemptId: uuidv7(), userId, kind: 'mock', windowId: uuidv7(), language: 'kk', profileSubjects: ['math', 'physics'], total, max: 140,
    subjects: [{ subject: 'math', score: 30, max: 50, minimum: 5, passed: true }], topics: [{ subject: 'math', topic: 'primes', correct: 1, of: 2 }],
    startedAt: finishedAt, finishedAt, scoredAt: finishedAt, finishedBy: 'student', ...overrides,
  };
}

const practise = (pool: Parameters<typeof withTransaction>[0], type: string, data: Record<string, unknown>) =>
  withTransaction(pool, (tx) => practiceRoutes.handle({ id: uuidv7(), type, source: 'practice', time: new Date().toISOString(), subject: String(data.attemptId), data }, tx));

t.test('the latest mock goes into a snapshot only when the student chose it, and the consent says so', async (t) => {
  const contact: Contact = { fullName: 'А', email: 'a@example.kz', phone: null, region: null, locale: 'kk', untScores: null, offerVersion: 1, crossBorderTransfer: false };
  const mockScores = { total: 90, max: 140, subjects: [{ subject: 'math', score: 30, max: 50 }], finishedAt: '2026-12-06T08:00:00.000Z' };
  const now = new Date();
  const shared = takeSnapshot({ ...contact, mockScores }, { shareScores: false, shareMockScores: true, universityCountry: 'KZ', message: null, now });
  t.match(shared, { ok: true, contact: { mockScores }, fields: ['fullName', 'email', 'mockScores'], consent: { mockScoresShared: true } });
  const kept = takeSnapshot({ ...contact, mockScores }, { shareScores: false, universityCountry: 'KZ', message: null, now });
  t.ok(kept.ok && !('mockScores' in kept.contact) && !kept.consent.mockScoresShared, 'not chosen: not sent');
  const none = takeSnapshot({ ...contact, mockScores: null }, { shareScores: false, shareMockScores: true, universityCountry: 'KZ', message: null, now });
  t.ok(none.ok && !none.fields.includes('mockScores') && !none.consent.mockScoresShared, 'chosen but no mock yet: nothing to send');
});

t.test('when the student shares their mock scores, then the lead carries the latest (re-scored) mock; by default it does not', async (t) => {
  const built = await build(t);
  const s = await student(built);
  const older = mock(s.userId, '2026-11-29T08:00:00.000Z', 70);
  const latest = mock(s.userId, '2026-12-06T08:00:00.000Z', 90);
  await practise(built.pool, AttemptFinished.type, latest);
  await practise(built.pool, AttemptFinished.type, older); // late, but older: the latest stays
  const { finishedBy: _by, ...scored } = latest;
  await practise(built.pool, AttemptRescored.type, { ...scored, total: 92, scoredAt: '2026-12-06T12:00:00.000Z', previousTotal: 90, appealId: uuidv7() });
  await practise(built.pool, AttemptFinished.type, mock(s.userId, '2026-12-07T08:00:00.000Z', 10, { kind: 'practice', windowId: null }));

  const quiet = await press(built.app, s, { universityId: built.universities[0]!.id });
  t.equal(quiet.statusCode, 201);
  t.notOk(quiet.json().sharedFields.includes('mockScores'), 'not shared by default');
  const shared = await press(built.app, s, { universityId: built.universities[1]!.id, shareMockScores: true });
  t.equal(shared.statusCode, 201);
  t.match(shared.json().sharedFields, ['fullName', 'phone', 'email', 'region', 'mockScores']);
  const { rows } = await built.pool.query('SELECT contact, consent FROM leads ORDER BY created_at, id');
  t.notOk('mockScores' in rows[0].contact);
  t.same(rows[1].contact.mockScores, { total: 92, max: 140, subjects: [{ subject: 'math', score: 30, max: 50 }], finishedAt: '2026-12-06T08:00:00.000Z' },
    'the latest mock at its re-scored total; practice sessions are not mocks');
  t.match(rows[1].consent, { mockScoresShared: true });

  await withTransaction(built.pool, (tx) => identityRoutes.handle({
    id: uuidv7(), type: UserErased.type, source: 'identity', time: new Date().toISOString(), subject: s.userId,
    data: { userId: s.userId, noticeEmail: 'x@example.kz', locale: 'kk', erasedAt: new Date().toISOString() },
  }, tx));
  await practise(built.pool, AttemptFinished.type, mock(s.userId, '2026-12-13T08:00:00.000Z', 100));
  t.equal((await built.pool.query('SELECT 1 FROM mock_scores')).rowCount, 0, 'erasure forgets the scores, and a late mock is not kept');
});
