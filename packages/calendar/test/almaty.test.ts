import t from 'tap';
import {
  addCalendarDays, addCalendarMonths, addDaysToDate, BUSINESS_TIME_ZONE, calendarDaysBetween, dayOfWeek, daysInMonth,
  fromLocal, isIsoDate, localDate, localParts, startOfLocalDate,
} from '../src/index.js';

// Almaty was UTC+6 until 2024-03-01 00:00 local (2024-02-29T18:00Z), UTC+5 since: at that instant
// the clock went back from 00:00 on 1 March to 23:00 on 29 February, so 29 February 2024 lasted
// 25 hours and its last hour was lived twice.

t.test('the business calendar is Asia/Almaty', async (t) => {
  t.equal(BUSINESS_TIME_ZONE, 'Asia/Almaty');
});

t.test('when an instant is read on the Almaty clock, then the wall time follows the offset of that day', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['2023-12-31T18:00:00Z', '2024-01-01 00:00:00.000', 'new year at +6'],
    ['2024-02-29T17:59:59Z', '2024-02-29 23:59:59.000', 'last second at +6'],
    ['2024-02-29T18:00:00Z', '2024-02-29 23:00:00.000', 'the clock goes back an hour to +5'],
    ['2024-02-29T19:00:00Z', '2024-03-01 00:00:00.000', 'first instant of March at +5'],
    ['2026-06-15T18:59:59.999Z', '2026-06-15 23:59:59.999', 'one millisecond before midnight'],
    ['2026-06-15T19:00:00Z', '2026-06-16 00:00:00.000', 'midnight'],
  ];
  for (const [at, shown, note] of cases) {
    const p = localParts(new Date(at));
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    t.equal(`${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.ms, 3)}`, shown, `${at}: ${note}`);
  }
  t.match(localParts(new Date('2026-06-15T19:00:00Z'), 'UTC'), { day: 15, hour: 19 }, 'another zone when asked');
});

t.test('when a wall time is turned into an instant, then the offset in force on that day is used', async (t) => {
  const cases: Array<[Parameters<typeof fromLocal>[0], string, string]> = [
    [{ year: 2024, month: 1, day: 10, hour: 12, minute: 0 }, '2024-01-10T06:00:00.000Z', 'noon at +6'],
    [{ year: 2024, month: 3, day: 10, hour: 12, minute: 0 }, '2024-03-10T07:00:00.000Z', 'noon at +5'],
    [{ year: 2024, month: 2, day: 29, hour: 22, minute: 59, second: 59 }, '2024-02-29T16:59:59.000Z', 'before the change'],
    [{ year: 2024, month: 3, day: 1, hour: 0, minute: 0 }, '2024-02-29T19:00:00.000Z', 'first instant of March 2024'],
    [{ year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59, ms: 999 }, '2026-12-31T18:59:59.999Z', 'last millisecond of a year'],
  ];
  for (const [wall, instant, note] of cases) t.equal(fromLocal(wall).toISOString(), instant, note);
  t.equal(fromLocal({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, 'UTC').toISOString(), '2026-01-01T00:00:00.000Z', 'another zone when asked');
});

t.test('when a wall time was lived twice (23:30 on 29 February 2024), then the instant found shows that wall time', async (t) => {
  const instant = fromLocal({ year: 2024, month: 2, day: 29, hour: 23, minute: 30 });
  t.ok(['2024-02-29T17:30:00.000Z', '2024-02-29T18:30:00.000Z'].includes(instant.toISOString()), instant.toISOString());
  t.match(localParts(instant), { year: 2024, month: 2, day: 29, hour: 23, minute: 30, second: 0 });
});

t.test('when calendar months are added, then the day clamps to the month end and the local time is kept', async (t) => {
  const cases: Array<[string, number, string, string]> = [
    ['2026-01-31T05:00:00Z', 1, '2026-02-28T05:00:00.000Z', '31 January → 28 February'],
    ['2024-01-31T05:00:00Z', 1, '2024-02-29T05:00:00.000Z', '31 January → 29 February in a leap year (both at +6)'],
    ['2024-02-29T06:00:00Z', 12, '2025-02-28T07:00:00.000Z', '29 February → 28 February a year later, noon kept across +6 → +5'],
    ['2024-02-29T06:00:00Z', 48, '2028-02-29T07:00:00.000Z', '29 February → 29 February four years later'],
    ['2026-03-31T06:00:00Z', -1, '2026-02-28T06:00:00.000Z', 'back from 31 March → 28 February'],
    ['2026-12-31T06:00:00Z', 2, '2027-02-28T06:00:00.000Z', 'over a year end'],
    ['2026-10-31T10:00:00Z', 0, '2026-10-31T10:00:00.000Z', 'zero months'],
    ['2024-01-10T06:00:00Z', 2, '2024-03-10T07:00:00.000Z', 'noon stays noon across the move from +6 to +5'],
    ['2023-12-31T20:00:00Z', 2, '2024-02-29T21:00:00.000Z', '02:00 on 1 January (+6) → 02:00 on 1 March (+5)'],
    ['2026-01-31T19:30:00Z', 1, '2026-02-28T19:30:00.000Z', '19:30Z is already 00:30 on 1 February in Almaty → 1 March'],
    ['2026-01-31T18:59:00Z', 1, '2026-02-28T18:59:00.000Z', '23:59 on 31 January in Almaty → 28 February'],
  ];
  for (const [from, months, expected, note] of cases) t.equal(addCalendarMonths(new Date(from), months).toISOString(), expected, note);
  t.equal(addCalendarMonths(new Date('2026-01-31T23:30:00Z'), 1, 'UTC').toISOString(), '2026-02-28T23:30:00.000Z', 'in UTC the 31st is still the 31st');
});

t.test('when calendar days are added, then the local time is kept over month ends and the offset change', async (t) => {
  const cases: Array<[string, number, string, string]> = [
    ['2024-02-28T06:00:00Z', 1, '2024-02-29T06:00:00.000Z', 'noon 28 → 29 February 2024'],
    ['2024-02-28T06:00:00Z', 2, '2024-03-01T07:00:00.000Z', 'noon 28 February (+6) → noon 1 March (+5)'],
    ['2024-03-01T07:00:00Z', -1, '2024-02-29T06:00:00.000Z', 'back over the change'],
    ['2025-02-28T07:00:00Z', 1, '2025-03-01T07:00:00.000Z', 'no 29 February in 2025'],
    ['2026-12-31T17:00:00Z', 1, '2027-01-01T17:00:00.000Z', '22:00 on 31 December → 22:00 on 1 January'],
    ['2026-06-15T19:00:00Z', 30, '2026-07-15T19:00:00.000Z', 'from Almaty midnight, 30 days on'],
  ];
  for (const [from, days, expected, note] of cases) t.equal(addCalendarDays(new Date(from), days).toISOString(), expected, note);
});

t.test('when an instant is near midnight, then its Almaty date is the date on the Almaty clock', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-02-29T17:30:00Z', '2024-02-29'], // 23:30 at +6
    ['2024-02-29T18:30:00Z', '2024-02-29'], // 23:30 again at +5
    ['2024-02-29T19:00:00Z', '2024-03-01'],
    ['2026-06-15T18:59:59.999Z', '2026-06-15'],
    ['2026-06-15T19:00:00Z', '2026-06-16'],
    ['2026-12-31T19:00:00Z', '2027-01-01'],
    ['2026-01-01T00:00:00Z', '2026-01-01'], // 05:00 in Almaty
  ];
  for (const [at, date] of cases) t.equal(localDate(new Date(at)), date, at);
});

t.test('when a date starts, then it is 00:00 on the Almaty clock at that day’s offset', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-01-01', '2023-12-31T18:00:00.000Z'],
    ['2024-02-29', '2024-02-28T18:00:00.000Z'],
    ['2024-03-01', '2024-02-29T19:00:00.000Z'],
    ['2026-01-01', '2025-12-31T19:00:00.000Z'],
  ];
  for (const [date, instant] of cases) t.equal(startOfLocalDate(date).toISOString(), instant, date);
  const hours = (startOfLocalDate('2024-03-01').getTime() - startOfLocalDate('2024-02-29').getTime()) / 3_600_000;
  t.equal(hours, 25, '29 February 2024 lasted 25 hours in Almaty');
  t.equal(startOfLocalDate('2026-01-01', 'UTC').toISOString(), '2026-01-01T00:00:00.000Z', 'another zone when asked');
});

t.test('when calendar days between two instants are counted, then Almaty dates are compared, not hours', async (t) => {
  const cases: Array<[string, string, number, string]> = [
    ['2026-06-15T10:00:00Z', '2026-06-15T10:00:00Z', 0, 'the same instant'],
    ['2026-06-15T18:59:59Z', '2026-06-15T19:00:00Z', 1, 'one second over Almaty midnight'],
    ['2026-06-15T19:00:00Z', '2026-06-16T18:59:59Z', 0, 'almost a day inside one Almaty date'],
    ['2026-06-16T19:00:00Z', '2026-06-15T18:00:00Z', -2, 'backwards'],
    ['2024-02-28T18:00:00Z', '2024-02-29T19:00:00Z', 1, '29 February 2024: 25 hours, one day'],
    ['2024-02-29T17:30:00Z', '2024-02-29T18:30:00Z', 0, 'the repeated hour stays on 29 February'],
    ['2025-12-31T19:00:00Z', '2026-12-31T19:00:00Z', 365, 'a common year'],
    ['2023-12-31T18:00:00Z', '2024-12-31T19:00:00Z', 366, 'a leap year across the offset change'],
  ];
  for (const [from, to, days, note] of cases) t.equal(calendarDaysBetween(new Date(from), new Date(to)), days, note);
});

t.test('when plain dates are moved by days, then month ends, leap days and year ends roll over', async (t) => {
  const cases: Array<[string, number, string]> = [
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-28', 2, '2024-03-01'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-10', 0, '2026-03-10'],
  ];
  for (const [date, days, expected] of cases) t.equal(addDaysToDate(date, days), expected, `${date} ${days >= 0 ? '+' : ''}${days}`);
});

t.test('when the weekday of a date is asked, then 0 is Sunday and 6 Saturday', async (t) => {
  const cases: Array<[string, number]> = [['2024-02-29', 4], ['2026-01-01', 4], ['2026-03-01', 0], ['2026-03-07', 6]];
  for (const [date, day] of cases) t.equal(dayOfWeek(date), day, date);
});

t.test('when the length of a month is asked, then leap years follow the Gregorian rules', async (t) => {
  const cases: Array<[number, number, number]> = [[2024, 2, 29], [2025, 2, 28], [1900, 2, 28], [2000, 2, 29], [2026, 4, 30], [2026, 12, 31]];
  for (const [year, month, days] of cases) t.equal(daysInMonth(year, month), days, `${year}-${month}`);
});

t.test('when a text is checked as a YYYY-MM-DD date, then only real calendar dates pass', async (t) => {
  for (const good of ['2026-01-01', '2028-02-29', '2026-12-31']) t.ok(isIsoDate(good), good);
  for (const bad of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00:00Z', '', 20260101, null]) {
    t.notOk(isIsoDate(bad), JSON.stringify(bad));
  }
});

/** The wall clock as Intl gives it for one instant, with nothing remembered between calls. */
function intlWallClock(instant: Date, timeZone: string): string {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  const p = Object.fromEntries(f.formatToParts(instant).filter((x) => x.type !== 'literal').map((x) => [x.type, Number(x.value)]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${instant.getUTCMilliseconds()}`;
}

t.test('when the clock is read around offset changes, then each instant shows what the time zone database gives', async (t) => {
  // Almaty's 2024 change and its 1930s and 1990s changes, Berlin's summer time, a half-hour zone, a
  // 45-minute zone and Lord Howe's half-hour summer time: every minute for a day around a change,
  // and random instants over a century, each read twice so that remembered offsets are checked too.
  const around: Array<[string, string]> = [
    ['Asia/Almaty', '2024-02-29T18:00:00Z'], ['Asia/Almaty', '1991-03-30T20:00:00Z'], ['Asia/Almaty', '1930-06-20T18:00:00Z'],
    ['Europe/Berlin', '2026-03-29T01:00:00Z'], ['Europe/Berlin', '2026-10-25T01:00:00Z'], ['Asia/Kolkata', '1945-10-14T17:30:00Z'],
    ['Pacific/Chatham', '2026-04-04T14:00:00Z'], ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ];
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const instants: Array<[string, number]> = [];
  for (const [zone, at] of around) for (let m = -720; m <= 720; m += 1) instants.push([zone, Date.parse(at) + m * 60_000 + 7]);
  for (const [zone] of around) for (let i = 0; i < 300; i++) instants.push([zone, Date.UTC(1925, 0, 1) + Math.floor(random() * 120 * 365.25 * 86_400_000)]);
  let wrong = 0;
  for (const pass of ['first read', 'read again']) {
    for (const [zone, ms] of instants) {
      const p = localParts(new Date(ms), zone);
      const expected = intlWallClock(new Date(ms), zone);
      if (`${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${p.ms}` !== expected && wrong++ < 5) t.fail(`${zone} ${new Date(ms).toISOString()} (${pass}): ${expected}`);
    }
  }
  t.equal(wrong, 0, `${instants.length * 2} readings agree with Intl`);
  // A wall time of the hour lived twice in Almaty (23:30 on 29 February 2024) is a real instant either way.
  const twice = fromLocal({ year: 2024, month: 2, day: 29, hour: 23, minute: 30 });
  t.ok(['2024-02-29T17:30:00.000Z', '2024-02-29T18:30:00.000Z'].includes(twice.toISOString()), twice.toISOString());
  t.match(localParts(twice), { day: 29, hour: 23, minute: 30 });
});
