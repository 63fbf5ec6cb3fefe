import t from 'tap';
import { almatyDate, BUSINESS_TIME_ZONE, erasureDate, isErasureDue } from '../../src/domain/erasure.js';

t.test('business dates are Asia/Almaty dates', async (t) => {
  t.equal(BUSINESS_TIME_ZONE, 'Asia/Almaty');
});

// Asia/Almaty is UTC+5 since 2024-03-01.
const schedules = [
  ['2026-03-10T08:00:00Z', '2026-04-01', 'mid-month'],
  ['2026-03-01T00:00:00Z', '2026-04-01', 'first instant of a UTC month (05:00 in Almaty)'],
  ['2026-02-28T19:00:00Z', '2026-04-01', '00:00 on 1 March in Almaty is already March'],
  ['2026-02-28T18:59:59.999Z', '2026-03-01', 'one millisecond before midnight in Almaty is still February'],
  ['2026-01-31T23:30:00Z', '2026-03-01', '23:30 UTC on 31 January is 04:30 on 1 February in Almaty'],
  ['2026-04-30T23:30:00Z', '2026-06-01', '23:30 UTC on the last day of a 30-day month'],
  ['2026-12-31T12:00:00Z', '2027-01-01', '31 December: the next year'],
  ['2026-12-31T18:59:59Z', '2027-01-01', 'last second of the year in Almaty'],
  ['2026-12-31T19:00:00Z', '2027-02-01', '31 December 19:00 UTC is already 1 January in Almaty'],
  ['2026-11-30T20:00:00Z', '2027-01-01', '30 November 20:00 UTC is 1 December in Almaty'],
  ['2028-02-29T10:00:00Z', '2028-03-01', '29 February of a leap year'],
] as const;

for (const [requestedAt, expected, note] of schedules) {
  t.test(`when the request is made at ${requestedAt} (${note}), then erasure is on ${expected} (offer 8.7)`, async (t) => {
    t.equal(erasureDate(new Date(requestedAt)), expected);
  });
}

const due = [
  ['2026-04-01', '2026-03-31T18:59:59.999Z', false, 'one millisecond before 00:00 Almaty'],
  ['2026-04-01', '2026-03-31T19:00:00Z', true, '00:00 Almaty on the date'],
  ['2026-04-01', '2026-04-01T12:00:00Z', true, 'later that day'],
  ['2026-04-01', '2026-05-20T00:00:00Z', true, 'weeks later (a missed run still erases)'],
  ['2026-04-01', '2026-03-15T00:00:00Z', false, 'weeks before'],
  ['2027-01-01', '2026-12-31T19:00:00Z', true, 'new year in Almaty, still 31 December in UTC'],
] as const;

for (const [scheduledFor, now, expected, note] of due) {
  t.test(`when erasure is set for ${scheduledFor} and it is ${now} (${note}), then due is ${expected}`, async (t) => {
    t.equal(isErasureDue(scheduledFor, new Date(now)), expected);
  });
}

t.test('when the scheduled date is not a calendar date, then isErasureDue throws', async (t) => {
  for (const bad of ['2026-4-01', '2026-04-01T00:00:00Z', '2026-02-30', '2026-13-01', '', 'tomorrow']) {
    t.throws(() => isErasureDue(bad, new Date('2026-04-01T00:00:00Z')), RangeError, bad);
  }
});

t.test('when an instant is invalid, then the functions throw instead of guessing', async (t) => {
  t.throws(() => erasureDate(new Date(Number.NaN)), RangeError);
  t.throws(() => isErasureDue('2026-04-01', new Date(Number.NaN)), RangeError);
});

t.test('when an instant is formatted, then it is its Almaty calendar date', async (t) => {
  t.equal(almatyDate(new Date('2026-06-15T18:59:59Z')), '2026-06-15');
  t.equal(almatyDate(new Date('2026-06-15T19:00:00Z')), '2026-06-16');
});
