import t from 'tap';
import {
  adminWindowProblems, currentOrNextWeekly, minuteOfDay, offsetMinutes, scheduleProblems, weeklyWindowAt, weeklyWindowsBetween, type WeeklySchedule,
} from '../../src/domain/weekly-windows.js';

const ALMATY_SUNDAY: WeeklySchedule = { weekday: 0, opensAtMinute: 600, closesAtMinute: 1320, utcOffsetMinutes: 300 };
const iso = (d: { opensAt: Date; closesAt: Date } | undefined) => d && [d.opensAt.toISOString(), d.closesAt.toISOString()];

t.test('when it is Sunday in Almaty between 10:00 and 22:00, then the weekly window is open, else not', async (t) => {
  t.same(iso(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-06T05:00:00Z'))), ['2026-12-06T05:00:00.000Z', '2026-12-06T17:00:00.000Z'], '10:00 sharp opens');
  t.ok(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-06T16:59:59Z')));
  t.notOk(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-06T17:00:00Z')), '22:00 closes');
  t.notOk(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-06T04:59:59Z')));
  t.notOk(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-05T07:00:00Z')), 'Saturday');
  // Sunday 02:00 in Almaty is still Saturday in UTC: the offset decides the day.
  t.notOk(weeklyWindowAt(ALMATY_SUNDAY, new Date('2026-12-05T21:00:00Z')));
});

t.test('when the next window is asked for, then it is this Sunday, or next Sunday once this one closed', async (t) => {
  t.same(iso(currentOrNextWeekly(ALMATY_SUNDAY, new Date('2026-12-02T07:00:00Z'))), ['2026-12-06T05:00:00.000Z', '2026-12-06T17:00:00.000Z']);
  t.same(iso(currentOrNextWeekly(ALMATY_SUNDAY, new Date('2026-12-06T18:00:00Z'))), ['2026-12-13T05:00:00.000Z', '2026-12-13T17:00:00.000Z']);
  t.equal(weeklyWindowsBetween(ALMATY_SUNDAY, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-31T00:00:00Z')).length, 4);
});

t.test('when the schedule is another day and offset, then the window follows them', async (t) => {
  const fridayUtc: WeeklySchedule = { weekday: 5, opensAtMinute: 0, closesAtMinute: 60, utcOffsetMinutes: 0 };
  t.same(iso(currentOrNextWeekly(fridayUtc, new Date('2026-12-06T00:00:00Z'))), ['2026-12-11T00:00:00.000Z', '2026-12-11T01:00:00.000Z']);
});

t.test('when times and offsets are parsed, then only real ones are taken', async (t) => {
  t.equal(minuteOfDay('10:00'), 600);
  t.equal(minuteOfDay('24:00'), undefined);
  t.equal(offsetMinutes('+05:00'), 300);
  t.equal(offsetMinutes('-03:30'), -210);
  t.equal(offsetMinutes('5'), undefined);
  t.same(scheduleProblems({ ...ALMATY_SUNDAY, closesAtMinute: 600 }), ['the weekly window must close after it opens, on the same day']);
  t.same(scheduleProblems(ALMATY_SUNDAY), []);
});

t.test('when an admin window is checked, then it lasts 30 minutes to 7 days and closes in the future', async (t) => {
  const now = new Date('2026-12-02T00:00:00Z');
  const w = (from: string, to: string) => ({ opensAt: new Date(from), closesAt: new Date(to) });
  t.same(adminWindowProblems(w('2026-12-03T00:00:00Z', '2026-12-03T04:00:00Z'), now), []);
  t.match(adminWindowProblems(w('2026-12-03T04:00:00Z', '2026-12-03T00:00:00Z'), now), [{ field: '/closesAt', message: /after opensAt/ }]);
  t.match(adminWindowProblems(w('2026-12-03T00:00:00Z', '2026-12-03T00:29:00Z'), now), [{ message: /at least 30 minutes/ }]);
  t.match(adminWindowProblems(w('2026-12-03T00:00:00Z', '2026-12-10T00:01:00Z'), now), [{ message: /at most 7 days/ }]);
  t.match(adminWindowProblems(w('2026-12-01T00:00:00Z', '2026-12-01T04:00:00Z'), now), [{ message: /future/ }]);
});
