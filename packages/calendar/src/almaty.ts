/**
 * Wall-clock arithmetic on the business calendar, Asia/Almaty (docs/ARCHITECTURE.md §6): the offer's days
 * and months are Almaty days and months. Kazakhstan has no daylight saving time, but Almaty's offset
 * changed from +6 to +5 on 1 March 2024, so offsets are always looked up, never assumed.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Almaty';

export interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `ms`, in ms, as the time zone database gives it (always whole seconds). */
function offsetFromIntl(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wallMs = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallMs - (ms - mod(ms, 1000));
}

const mod = (n: number, d: number): number => ((n % d) + d) % d;

const HOUR_MS = 3_600_000;
const CACHED_HOURS = 4096;
/** Per zone, the offset of each UTC hour known to have one offset throughout. */
const offsetsByHour = new Map<string, Map<number, number>>();

/**
 * Offset of the zone from UTC at `instant`, in ms. `formatToParts` is slow and allocates; catalog
 * reads Almaty's clock several times per entitlement granted, 8% of its allocations on the
 * payment path. An hour whose first and last millisecond have the same offset has it throughout,
 * as no zone changes its offset twice in an hour, so that offset is remembered for the hour.
 */
function offsetAt(ms: number, timeZone: string): number {
  let hours = offsetsByHour.get(timeZone);
  if (!hours) offsetsByHour.set(timeZone, (hours = new Map()));
  const hour = Math.floor(ms / HOUR_MS);
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const start = offsetFromIntl(hour * HOUR_MS, timeZone);
  if (start !== offsetFromIntl(hour * HOUR_MS + HOUR_MS - 1, timeZone)) return offsetFromIntl(ms, timeZone);
  if (hours.size >= CACHED_HOURS) hours.clear();
  hours.set(hour, start);
  return start;
}

/** The zone's wall clock at `instant`. */
export function localParts(instant: Date, timeZone = BUSINESS_TIME_ZONE): LocalParts {
  const wall = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  return {
    year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(),
    hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), ms: wall.getUTCMilliseconds(),
  };
}

/** The instant at which the zone's clock shows the given wall time. */
export function fromLocal(p: Omit<LocalParts, 'second' | 'ms'> & { second?: number; ms?: number }, timeZone = BUSINESS_TIME_ZONE): Date {
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second ?? 0, p.ms ?? 0);
  let guess = asUtc - offsetAt(asUtc, timeZone);
  guess = asUtc - offsetAt(guess, timeZone);
  return new Date(guess);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `months` calendar months after `instant` on the zone's calendar, clamped to the month's end. */
export function addCalendarMonths(instant: Date, months: number, timeZone = BUSINESS_TIME_ZONE): Date {
  const p = localParts(instant, timeZone);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return fromLocal({ ...p, year, month, day: Math.min(p.day, daysInMonth(year, month)) }, timeZone);
}

/** `days` calendar days after `instant` on the zone's calendar, at the same local time. */
export function addCalendarDays(instant: Date, days: number, timeZone = BUSINESS_TIME_ZONE): Date {
  const p = localParts(instant, timeZone);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day + days));
  return fromLocal({ ...p, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone);
}

/** The zone's calendar date of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date, timeZone = BUSINESS_TIME_ZONE): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The first instant of a YYYY-MM-DD date in the zone. */
export function startOfLocalDate(date: string, timeZone = BUSINESS_TIME_ZONE): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return fromLocal({ year, month, day, hour: 0, minute: 0 }, timeZone);
}

/** Whole calendar days from the zone's date of `from` to that of `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: Date, to: Date, timeZone = BUSINESS_TIME_ZONE): number {
  const day = (d: Date) => Date.parse(`${localDate(d, timeZone)}T00:00:00Z`) / 86_400_000;
  return day(to) - day(from);
}

/** A YYYY-MM-DD date plus `days` days (plain calendar arithmetic, no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Day of the week of a YYYY-MM-DD date: 0 Sunday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** True for a real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
