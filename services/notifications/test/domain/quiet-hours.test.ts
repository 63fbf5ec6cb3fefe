import t from 'tap';
import { earliestSend, endOfQuietHours, isQuiet } from '../../src/domain/quiet-hours.js';

// Asia/Almaty is UTC+5: 21:00 there is 16:00Z, 09:00 is 04:00Z.
t.test('when the Almaty clock is around the boundaries and midnight, then quiet hours and their end are right', async (t) => {
  const cases: Array<[string, boolean, string]> = [
    ['2026-03-10T03:59:59Z', true, '2026-03-10T04:00:00.000Z'], // 08:59:59
    ['2026-03-10T04:00:00Z', false, '2026-03-10T04:00:00.000Z'], // 09:00 sharp: day
    ['2026-03-10T12:00:00Z', false, '2026-03-10T12:00:00.000Z'], // 17:00
    ['2026-03-10T15:59:59Z', false, '2026-03-10T15:59:59.000Z'], // 20:59:59
    ['2026-03-10T16:00:00Z', true, '2026-03-11T04:00:00.000Z'], // 21:00 sharp: quiet until tomorrow 09:00
    ['2026-03-10T18:59:59Z', true, '2026-03-11T04:00:00.000Z'], // 23:59:59
    ['2026-03-10T19:00:00Z', true, '2026-03-11T04:00:00.000Z'], // 00:00 next day: same day's 09:00
    ['2026-03-10T19:30:00Z', true, '2026-03-11T04:00:00.000Z'], // 00:30
    ['2026-02-28T17:00:00Z', true, '2026-03-01T04:00:00.000Z'], // 22:00 on 28 Feb: over the month end
    ['2026-12-31T20:00:00Z', true, '2027-01-01T04:00:00.000Z'], // 01:00 on 1 Jan
  ];
  for (const [at, quiet, end] of cases) {
    t.equal(isQuiet(new Date(at)), quiet, `${at} quiet=${quiet}`);
    t.equal(endOfQuietHours(new Date(at)).toISOString(), end, `${at} → ${end}`);
  }
});

t.test('when a message is queued at night, then only marketing SMS and calls wait for the morning', async (t) => {
  const night = new Date('2026-03-10T17:30:00Z'); // 22:30 Almaty
  const morning = '2026-03-11T04:00:00.000Z';
  const cases: Array<['email' | 'sms' | 'voice', 'transactional' | 'marketing', string]> = [
    ['email', 'marketing', night.toISOString()],
    ['sms', 'marketing', morning],
    ['voice', 'marketing', morning],
    ['email', 'transactional', night.toISOString()],
    ['sms', 'transactional', night.toISOString()],
    ['voice', 'transactional', night.toISOString()],
  ];
  for (const [channel, kind, expected] of cases) t.equal(earliestSend(channel, kind, night).toISOString(), expected, `${kind} ${channel}`);
});
