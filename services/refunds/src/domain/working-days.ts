import { readFileSync } from 'node:fs';
import { addDaysToDate, dayOfWeek, isIsoDate, localDate } from '@joo/calendar';

/**
 * Kazakhstan's working days on a five-day week: what the offer's review (14.6) and payout (14.7)
 * deadlines count. Holidays and the moves of days off are data per year (`data/kz-calendar.json`,
 * documented in `data/CALENDAR.md`); a year not in the file falls back to the statutory holidays and
 * the law's weekend rule, without Kurban Ait or any ministry transfer.
 */

export interface Holiday { date: string /* YYYY-MM-DD */; name: string; religious?: boolean }
export interface DayNote { date: string /* YYYY-MM-DD */; why: string }
export interface CalendarYear {
  /** false: the year's transfers (and Kurban Ait's date) were not yet published when it was filled. */
  confirmed: boolean;
  holidays: Holiday[];
  /** Working weekdays made days off: a holiday on a weekend moved by law, or a ministry transfer. */
  extraDaysOff: DayNote[];
  /** Saturdays and Sundays made working days by a transfer. */
  workingWeekendDays: DayNote[];
}
/** A holiday on the same date every year; `from` / `until` bound the years it is in force. */
export interface StatutoryHoliday { date: string /* MM-DD */; name: string; religious?: boolean; from?: number; until?: number }
export interface CalendarData { statutoryHolidays: StatutoryHoliday[]; years: Record<string, CalendarYear> }

export interface WorkingCalendar {
  isWorkingDay(date: string /* YYYY-MM-DD */): boolean;
  /** The date that is `n` working days after `date` (date itself not counted; n ≥ 1). */
  addWorkingDays(date: string, n: number): string;
}

/** §14.6 and §14.7 both count ten days. */
export const REVIEW_WORKING_DAYS = 10;
export const PAYOUT_BANKING_DAYS = 10;

function isWeekend(date: string): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/**
 * The law's rule (Labour Code art. 84; Law "On holidays"): a holiday that falls on a Saturday or
 * Sunday gives a day off on the next working day after the holiday — after the whole block for
 * Nauryz. Religious holidays (Orthodox Christmas, Kurban Ait) are not moved.
 */
export function daysOffMovedByLaw(holidays: Holiday[]): string[] {
  const holidayDates = new Set(holidays.map((h) => h.date));
  const moved: string[] = [];
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (h.religious || !isWeekend(h.date)) continue;
    let day = addDaysToDate(h.date, 1);
    while (isWeekend(day) || holidayDates.has(day) || moved.includes(day)) day = addDaysToDate(day, 1);
    moved.push(day);
  }
  return moved;
}

/** A year built from the statutory holidays alone, for years the file does not list. */
export function statutoryYear(data: CalendarData, year: number): CalendarYear {
  const holidays = data.statutoryHolidays
    .filter((h) => (h.from === undefined || year >= h.from) && (h.until === undefined || year <= h.until))
    .map((h) => ({ date: `${year}-${h.date}`, name: h.name, ...(h.religious ? { religious: true } : {}) }));
  const extraDaysOff = daysOffMovedByLaw(holidays).map((date) => ({ date, why: 'a holiday on a weekend (law)' }));
  return { confirmed: false, holidays, extraDaysOff, workingWeekendDays: [] };
}

/** Throws on a malformed calendar, naming the entry, so a bad edit of the JSON fails at start. */
export function checkCalendarData(data: CalendarData): void {
  const fail = (what: string) => { throw new Error(`kz-calendar: ${what}`); };
  for (const h of data.statutoryHolidays) {
    if (!isIsoDate(`2024-${h.date}`)) fail(`statutory holiday "${h.name}" has a bad MM-DD date ${h.date}`);
  }
  for (const [year, y] of Object.entries(data.years)) {
    const all = [...y.holidays, ...y.extraDaysOff, ...y.workingWeekendDays];
    for (const entry of all) {
      if (!isIsoDate(entry.date) || !entry.date.startsWith(`${year}-`)) fail(`${year} lists ${entry.date}, not a date of that year`);
    }
    for (const d of y.extraDaysOff) if (isWeekend(d.date)) fail(`${d.date} is an extra day off but already a weekend day`);
    for (const d of y.workingWeekendDays) if (!isWeekend(d.date)) fail(`${d.date} is a working weekend day but not a Saturday or Sunday`);
  }
}

interface YearDays { off: Set<string>; working: Set<string> }

function yearDays(y: CalendarYear): YearDays {
  return {
    off: new Set([...y.holidays, ...y.extraDaysOff].map((d) => d.date)),
    working: new Set(y.workingWeekendDays.map((d) => d.date)),
  };
}

let defaultData: CalendarData | undefined;

/** The bundled file, read once. The path works from src/domain (tests) and dist/domain alike. */
export function bundledCalendarData(): CalendarData {
  if (!defaultData) {
    defaultData = JSON.parse(readFileSync(new URL('../../data/kz-calendar.json', import.meta.url), 'utf8')) as CalendarData;
  }
  return defaultData;
}

export function kazakhstanCalendar(data: CalendarData = bundledCalendarData()): WorkingCalendar {
  checkCalendarData(data);
  const years = new Map<number, YearDays>();
  const daysOf = (year: number): YearDays => {
    let days = years.get(year);
    if (!days) {
      days = yearDays(data.years[String(year)] ?? statutoryYear(data, year));
      years.set(year, days);
    }
    return days;
  };
  const isWorkingDay = (date: string): boolean => {
    if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
    const days = daysOf(Number(date.slice(0, 4)));
    if (days.working.has(date)) return true;
    return !days.off.has(date) && !isWeekend(date);
  };
  return {
    isWorkingDay,
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`addWorkingDays: n must be an integer ≥ 1, got ${n}`);
      if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
      let day = date;
      for (let left = n; left > 0;) {
        day = addDaysToDate(day, 1);
        if (isWorkingDay(day)) left -= 1;
      }
      return day;
    },
  };
}

/** Offer 14.6: 10 working days after the Almaty date the application was received. */
export function reviewDueBy(receivedAt: Date, calendar: WorkingCalendar): string {
  return calendar.addWorkingDays(localDate(receivedAt), REVIEW_WORKING_DAYS);
}

/** Offer 14.7: 10 banking days (= working days) after the Almaty date of approval. */
export function payoutDueBy(approvedAt: Date, calendar: WorkingCalendar): string {
  return calendar.addWorkingDays(localDate(approvedAt), PAYOUT_BANKING_DAYS);
}
