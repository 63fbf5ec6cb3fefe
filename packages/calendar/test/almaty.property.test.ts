import t from 'tap';
import fc from 'fast-check';
import { assertProperty } from '@joo/testing';
import {
  addCalendarDays, addCalendarMonths, addDaysToDate, calendarDaysBetween, daysInMonth, isIsoDate, localDate, localParts, startOfLocalDate,
} from '../src/index.js';

// 1970–2100, so the offsets Almaty has had (+5, +6, summer time until 2004, +5 again since March 2024) all occur.
const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
const isoDate = fc.integer({ min: 0, max: 130 * 366 }).map((days) => addDaysToDate('1970-01-01', days));

t.test('when days are added on the Almaty calendar, then the dates are that many apart', async (t) => {
  assertProperty(t, 'calendarDaysBetween(x, addCalendarDays(x, n)) = n', fc.property(instant, fc.integer({ min: -1000, max: 1000 }), (x, n) => {
    return calendarDaysBetween(x, addCalendarDays(x, n)) === n;
  }), 1000);
});

t.test('when months are added on the Almaty calendar, then the month moves by that many and the day is clamped to its end', async (t) => {
  assertProperty(t, 'month index + m, day = min(day, days in month)', fc.property(instant, fc.integer({ min: -36, max: 36 }), (x, m) => {
    const from = localParts(x);
    const to = localParts(addCalendarMonths(x, m));
    return (to.year * 12 + to.month) - (from.year * 12 + from.month) === m && to.day === Math.min(from.day, daysInMonth(to.year, to.month));
  }), 1000);
});

t.test('when a date\'s first instant is taken, then it is on that date and the instant before is on the day before', async (t) => {
  assertProperty(t, 'localDate(startOfLocalDate(d)) = d, and 1 ms earlier is d − 1', fc.property(isoDate, (day) => {
    const start = startOfLocalDate(day);
    return localDate(start) === day && localDate(new Date(start.getTime() - 1)) === addDaysToDate(day, -1);
  }), 1000);
});

t.test('when days are added to a plain date and taken away again, then it is the same real date', async (t) => {
  assertProperty(t, 'addDaysToDate round trip', fc.property(isoDate, fc.integer({ min: -5000, max: 5000 }), (day, n) => {
    const moved = addDaysToDate(day, n);
    return isIsoDate(moved) && addDaysToDate(moved, -n) === day;
  }), 1000);
});
