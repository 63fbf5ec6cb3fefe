import t from 'tap';
import {
  bundledCalendarData, checkCalendarData, daysOffMovedByLaw, kazakhstanCalendar, payoutDueBy, reviewDueBy, statutoryYear,
  type CalendarData,
} from '../../src/domain/working-days.js';

const calendar = kazakhstanCalendar();
const data = bundledCalendarData();

/** Each date with whether it is a working day, checked in a row. */
function expectDays(t: { equal(found: unknown, wanted: unknown, message: string): unknown }, days: Array<[string, boolean, string]>): void {
  for (const [date, working, why] of days) t.equal(calendar.isWorkingDay(date), working, `${date} ${working ? 'works' : 'is off'}: ${why}`);
}

t.test('when the file lists a year, then its holidays and the law\'s moves agree with the statutes', async (t) => {
  for (const year of ['2024', '2025', '2026', '2027']) t.ok(data.years[year], `${year} is in the file`);
  for (const [year, y] of Object.entries(data.years)) {
    const listed = new Set(y.extraDaysOff.map((d) => d.date));
    for (const moved of daysOffMovedByLaw(y.holidays)) t.ok(listed.has(moved), `${year}: ${moved} (a holiday on a weekend) is a day off`);
    const holidays = new Set(y.holidays.map((h) => h.date));
    const statutory = statutoryYear(data, Number(year)).holidays;
    // 2026 dropped 30 August mid-year (the new Constitution); 15 March is a holiday from 2027.
    for (const h of statutory) {
      if (!(year === '2026' && h.date === '2026-08-30')) t.ok(holidays.has(h.date), `${year}: ${h.date} ${h.name} is listed`);
    }
    t.equal(y.holidays.filter((h) => h.name.startsWith('Kurban Ait')).length, 1, `${year}: Kurban Ait's first day is listed`);
  }
  t.notOk(data.years['2026']!.holidays.some((h) => h.date === '2026-08-30'), '30 August 2026 is no longer Constitution Day');
  t.doesNotThrow(() => checkCalendarData(data));
});

t.test('when Nauryz comes, then the 21st–23rd and the days moved off the weekend are off', async (t) => {
  expectDays(t, [
    ['2024-03-20', true, 'Wednesday before Nauryz'], ['2024-03-21', false, 'Nauryz'], ['2024-03-22', false, 'Nauryz'],
    ['2024-03-25', false, '23 March was a Saturday'], ['2024-03-26', true, 'back to work'],
    ['2025-03-21', false, 'Nauryz (Friday)'], ['2025-03-24', false, 'moved from Saturday 22nd'], ['2025-03-25', false, 'moved from Sunday 23rd'],
    ['2025-03-26', true, 'back to work'],
    ['2026-03-20', true, 'Friday before Nauryz'], ['2026-03-23', false, 'Nauryz (Monday)'], ['2026-03-24', false, 'moved from Saturday 21st'],
    ['2026-03-25', false, 'moved from Sunday 22nd'], ['2026-03-26', true, 'back to work'],
    ['2027-03-22', false, 'Nauryz'], ['2027-03-23', false, 'Nauryz'], ['2027-03-24', false, 'moved from Sunday 21st'], ['2027-03-25', true, 'back to work'],
  ]);
  t.equal(calendar.addWorkingDays('2026-03-20', 1), '2026-03-26', 'the next working day after Friday 20 March 2026 is Thursday 26th');
  t.equal(calendar.addWorkingDays('2026-03-19', 10), '2026-04-07');
});

t.test('when the year turns, then New Year, Orthodox Christmas and the transfers are followed', async (t) => {
  expectDays(t, [
    ['2024-12-31', true, 'New Year\'s Eve is a working day'], ['2025-01-01', false, 'New Year'], ['2025-01-02', false, 'New Year'],
    ['2025-01-03', false, 'day off moved from Sunday 5 January'], ['2025-01-04', false, 'Saturday'],
    ['2025-01-05', true, 'working Sunday: its day off went to 3 January'], ['2025-01-06', true, 'Monday'],
    ['2025-01-07', false, 'Orthodox Christmas'],
    ['2026-01-02', false, 'New Year'], ['2026-01-05', true, 'no transfer in 2026'], ['2026-01-07', false, 'Orthodox Christmas'],
    ['2024-01-07', false, 'Orthodox Christmas on a Sunday'], ['2024-01-08', true, 'religious holidays are not moved'],
    ['2027-01-04', false, '2 January 2027 is a Saturday'], ['2027-01-05', true, 'Tuesday'],
  ]);
  const table: Array<[string, number, string]> = [
    ['2024-12-31', 1, '2025-01-05'],
    ['2024-12-31', 3, '2025-01-08'],
    ['2025-12-31', 1, '2026-01-05'],
    ['2026-12-28', 5, '2027-01-06'],
    ['2026-12-31', 1, '2027-01-05'],
  ];
  for (const [from, n, due] of table) t.equal(calendar.addWorkingDays(from, n), due, `${n} working day(s) after ${from}`);
});

t.test('when the ministry moved a day off, then the Saturday works and the weekday rests', async (t) => {
  expectDays(t, [
    ['2024-05-04', true, 'working Saturday (order of 17 April 2024)'], ['2024-05-07', false, 'Defender of the Fatherland Day'],
    ['2024-05-08', false, 'the day off moved from 4 May'], ['2024-05-09', false, 'Victory Day'], ['2024-05-10', true, 'Friday'],
    ['2024-06-17', true, 'Kurban Ait 2024 was on Sunday 16 June and is not moved'],
    ['2026-05-11', false, 'Victory Day 2026 is a Saturday'], ['2026-05-27', false, 'Kurban Ait'],
    ['2026-08-31', true, 'no Constitution Day 2026 to move'], ['2027-03-15', false, 'Constitution Day from 2027'],
  ]);
  t.equal(calendar.addWorkingDays('2024-05-03', 1), '2024-05-04', 'Friday 3 May 2024 is followed by a working Saturday');
  t.equal(calendar.addWorkingDays('2024-05-06', 1), '2024-05-10');
});

t.test('when an application arrives, then review is due 10 working days after its Almaty date', async (t) => {
  const table: Array<[string, Date, string]> = [
    ['Friday morning', new Date('2026-04-17T09:00:00+05:00'), '2026-05-04'],
    ['Friday 23:59 in Almaty, 18:59 UTC', new Date('2026-04-17T18:59:00Z'), '2026-05-04'],
    ['Saturday 00:30 in Almaty though Friday in UTC', new Date('2026-04-17T19:30:00Z'), '2026-05-04'],
    ['Thursday 23:59 in Almaty', new Date('2026-04-16T18:59:00Z'), '2026-04-30'],
    ['Friday 00:30 in Almaty though Thursday in UTC: a day later than Thursday', new Date('2026-04-16T19:30:00Z'), '2026-05-04'],
    ['before the New Year 2025 holidays', new Date('2024-12-30T10:00:00+05:00'), '2025-01-16'],
  ];
  for (const [name, receivedAt, due] of table) t.equal(reviewDueBy(receivedAt, calendar), due, name);
  t.equal(payoutDueBy(new Date('2024-05-02T12:00:00+05:00'), calendar), '2024-05-20', 'payout: the May 2024 holidays and working Saturday');
  t.equal(payoutDueBy(new Date('2026-12-21T16:00:00+05:00'), calendar), '2027-01-06', 'payout across the year end');
});

t.test('when a year is not in the file, then weekends, the statutory holidays and the law\'s moves apply', async (t) => {
  expectDays(t, [
    ['2030-01-01', false, 'New Year'], ['2030-01-07', false, 'Orthodox Christmas'], ['2030-03-15', false, 'Constitution Day (from 2027)'],
    ['2030-03-25', false, '23 March 2030 is a Saturday'], ['2030-03-26', true, 'Tuesday'], ['2030-08-30', true, 'no longer a holiday'],
    ['2030-03-16', false, 'Saturday'], ['2030-03-18', true, 'Monday'],
    ['2023-08-30', false, 'Constitution Day under the 1995 Constitution'], ['2023-03-15', true, 'not yet a holiday'],
  ]);
});

t.test('when a calendar is given as data, then it is used and checked', async (t) => {
  const custom: CalendarData = {
    statutoryHolidays: [],
    years: { 2031: { confirmed: true, holidays: [{ date: '2031-06-02', name: 'Test day' }], extraDaysOff: [], workingWeekendDays: [{ date: '2031-06-07', why: 'test' }] } },
  };
  const c = kazakhstanCalendar(custom);
  t.equal(c.isWorkingDay('2031-06-02'), false);
  t.equal(c.isWorkingDay('2031-06-07'), true, 'the working Saturday');
  t.equal(c.addWorkingDays('2031-05-30', 2), '2031-06-04');
  const broken = (year: CalendarData['years'][string]) => ({ statutoryHolidays: [], years: { 2031: year } });
  const base = { confirmed: true, holidays: [], extraDaysOff: [], workingWeekendDays: [] };
  t.throws(() => kazakhstanCalendar(broken({ ...base, workingWeekendDays: [{ date: '2031-06-04', why: 'a Wednesday' }] })), /not a Saturday or Sunday/);
  t.throws(() => kazakhstanCalendar(broken({ ...base, extraDaysOff: [{ date: '2031-06-07', why: 'a Saturday' }] })), /already a weekend/);
  t.throws(() => kazakhstanCalendar(broken({ ...base, holidays: [{ date: '2032-01-01', name: 'wrong year' }] })), /not a date of that year/);
  t.throws(() => kazakhstanCalendar({ statutoryHolidays: [{ date: '02-30', name: 'no such day' }], years: {} }), /bad MM-DD/);
});

t.test('when asked about something that is not a date, then it throws', async (t) => {
  t.throws(() => calendar.isWorkingDay('2026-02-30'), RangeError);
  t.throws(() => calendar.isWorkingDay('26-03-01'), RangeError);
  t.throws(() => calendar.addWorkingDays('2026-03-01', 0), RangeError);
  t.throws(() => calendar.addWorkingDays('2026-03-01', 1.5), RangeError);
  t.throws(() => calendar.addWorkingDays('not a date', 1), RangeError);
});
