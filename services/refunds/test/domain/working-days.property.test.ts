import t from 'tap';
import fc from 'fast-check';
import { addDaysToDate, dayOfWeek } from '@joo/calendar';
import { assertProperty } from '@joo/testing';
import { bundledCalendarData, daysOffMovedByLaw, kazakhstanCalendar, statutoryYear } from '../../src/domain/working-days.js';

const data = bundledCalendarData();
const calendar = kazakhstanCalendar(data);

/** Any date from 2020 to 2035: the years the file lists and the statutory fallback on both sides. */
const date = fc.integer({ min: 0, max: 16 * 366 }).map((days) => addDaysToDate('2020-01-01', days));
const weekend = (day: string) => dayOfWeek(day) === 0 || dayOfWeek(day) === 6;

/** Days off and working weekend days of a year, from the file or (for other years) the statutes. */
function yearOf(day: string) {
  const y = data.years[day.slice(0, 4)] ?? statutoryYear(data, Number(day.slice(0, 4)));
  return {
    off: new Set([...y.holidays, ...y.extraDaysOff].map((d) => d.date)),
    workingWeekend: new Set(y.workingWeekendDays.map((d) => d.date)),
  };
}

function workingDaysAfter(from: string, through: string): number {
  let count = 0;
  for (let day = addDaysToDate(from, 1); day <= through; day = addDaysToDate(day, 1)) if (calendar.isWorkingDay(day)) count += 1;
  return count;
}

t.test('when N working days are added to a date, then N working days lie after it up to the result, which is one itself', async (t) => {
  assertProperty(t, 'count(add(d, N)) = N, and the result works', fc.property(date, fc.integer({ min: 1, max: 40 }), (day, n) => {
    const due = calendar.addWorkingDays(day, n);
    return due > day && calendar.isWorkingDay(due) && workingDaysAfter(day, due) === n;
  }), 500);
  assertProperty(t, 'the result never falls on a holiday or day off, nor on a weekend unless a transfer made it a working day', fc.property(date, fc.integer({ min: 1, max: 40 }), (day, n) => {
    const due = calendar.addWorkingDays(day, n);
    const year = yearOf(due);
    return !year.off.has(due) && (!weekend(due) || year.workingWeekend.has(due));
  }), 500);
});

t.test('when working days are added in two steps, then the result is the same as in one', async (t) => {
  assertProperty(t, 'add(add(d, a), b) = add(d, a + b)', fc.property(date, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (day, a, b) => {
    return calendar.addWorkingDays(calendar.addWorkingDays(day, a), b) === calendar.addWorkingDays(day, a + b);
  }), 300);
  assertProperty(t, 'a later start never gives an earlier due date', fc.property(date, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 20 }), (day, gap, n) => {
    return calendar.addWorkingDays(addDaysToDate(day, gap), n) >= calendar.addWorkingDays(day, n);
  }), 300);
});

t.test('when a year is built from the statutes alone, then each weekend holiday moves one day off to a free weekday after it', async (t) => {
  assertProperty(t, 'the law\'s moves', fc.property(fc.integer({ min: 1995, max: 2100 }), (year) => {
    const { holidays } = statutoryYear(data, year);
    const movable = holidays.filter((h) => !h.religious && weekend(h.date));
    const moved = daysOffMovedByLaw(holidays);
    const holidayDates = new Set(holidays.map((h) => h.date));
    return moved.length === movable.length
      && new Set(moved).size === moved.length
      && moved.every((day, i) => !weekend(day) && !holidayDates.has(day) && day > movable[i]!.date);
  }), 200);
});
