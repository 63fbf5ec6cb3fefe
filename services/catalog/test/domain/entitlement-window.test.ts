import t from 'tap';
import { accessWindow, addCalendarMonths, isWithin } from '../../src/domain/entitlement-window.js';

// Almaty is UTC+6 until 2024-03-01 00:00 local, UTC+5 since.
const cases: Array<{ when: string; paidAt: string; courseMonths: number; bonusDays: number; until: string }> = [
  { when: 'a 4-month course with 30 bonus days is paid mid-month', paidAt: '2026-01-15T07:00:00Z', courseMonths: 4, bonusDays: 30, until: '2026-06-14T07:00:00Z' },
  { when: 'paid on 31 October (Almaty), the course end clamps to 28 February', paidAt: '2026-10-31T10:00:00Z', courseMonths: 4, bonusDays: 0, until: '2027-02-28T10:00:00Z' },
  { when: 'paid on 31 October into a leap year, it clamps to 29 February', paidAt: '2027-10-31T10:00:00Z', courseMonths: 4, bonusDays: 0, until: '2028-02-29T10:00:00Z' },
  { when: 'paid late evening UTC, which is already the 1st in Almaty', paidAt: '2026-01-31T20:30:00Z', courseMonths: 1, bonusDays: 0, until: '2026-02-28T20:30:00Z' },
  { when: 'paid 31 January UTC morning (31st in Almaty), one month clamps to 28 February', paidAt: '2026-01-31T05:00:00Z', courseMonths: 1, bonusDays: 0, until: '2026-02-28T05:00:00Z' },
  { when: 'the course crosses a year end', paidAt: '2026-11-20T04:00:00Z', courseMonths: 4, bonusDays: 10, until: '2027-03-30T04:00:00Z' },
  { when: 'bonus days cross a month end', paidAt: '2026-01-15T07:00:00Z', courseMonths: 0, bonusDays: 20, until: '2026-02-04T07:00:00Z' },
  { when: "the window spans Almaty's move from UTC+6 to UTC+5 (1 March 2024), the local time is kept", paidAt: '2024-01-10T06:00:00Z', courseMonths: 2, bonusDays: 0, until: '2024-03-10T07:00:00Z' },
];

for (const c of cases) {
  t.test(`when ${c.when}, then access ends ${c.until}`, async (t) => {
    const window = accessWindow(new Date(c.paidAt), { courseMonths: c.courseMonths, bonusDays: c.bonusDays });
    t.equal(window.validFrom.toISOString(), new Date(c.paidAt).toISOString());
    t.equal(window.validUntil.toISOString(), new Date(c.until).toISOString());
  });
}

t.test('when the terms are impossible, then the window refuses them', async (t) => {
  t.throws(() => accessWindow(new Date(), { courseMonths: 0, bonusDays: 0 }), RangeError);
  t.throws(() => accessWindow(new Date(), { courseMonths: -1, bonusDays: 5 }), RangeError);
  t.throws(() => accessWindow(new Date(), { courseMonths: 1.5, bonusDays: 5 }), RangeError);
});

t.test('when months are added and taken, then a negative count goes back in the calendar', async (t) => {
  t.equal(addCalendarMonths(new Date('2026-03-31T06:00:00Z'), -1).toISOString(), '2026-02-28T06:00:00.000Z');
});

t.test('when the window is checked at its edges, then validFrom is inside and validUntil is outside', async (t) => {
  const w = { validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: new Date('2026-02-01T00:00:00Z') };
  t.ok(isWithin(w, new Date('2026-01-01T00:00:00Z')));
  t.ok(isWithin(w, new Date('2026-01-31T23:59:59Z')));
  t.notOk(isWithin(w, new Date('2026-02-01T00:00:00Z')));
  t.notOk(isWithin(w, new Date('2025-12-31T23:59:59Z')));
});
