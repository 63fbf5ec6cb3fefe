/**
 * The access window of a purchase: from the payment instant, `courseMonths` calendar months of the
 * course, then `bonusDays` days of bonus access (offer Appendix 2). Months are counted on the
 * Asia/Almaty calendar and clamped to the month's end (paid 31 October → course ends 28/29
 * February), keeping the local time of day.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Almaty';

export interface AccessTerms {
  courseMonths: number;
  bonusDays: number;
}

export interface AccessWindow {
  validFrom: Date;
  validUntil: Date;
}

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number }

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

function localParts(instant: Date, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second!,
    ms: instant.getUTCMilliseconds(),
  };
}

/** Offset of the zone from UTC at `instant`, in ms. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms) - instant.getTime();
}

/** The instant of a local wall-clock time (the zone's offset may change, as Almaty's did in 2024). */
function fromLocal(p: LocalParts, timeZone: string): Date {
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.ms);
  let guess = asUtc - offsetAt(new Date(asUtc), timeZone);
  guess = asUtc - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

function daysInMonth(year: number, month: number): number {
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

/** validFrom = the payment instant; validUntil = + courseMonths months + bonusDays days. */
export function accessWindow(paidAt: Date, terms: AccessTerms, timeZone = BUSINESS_TIME_ZONE): AccessWindow {
  if (!Number.isInteger(terms.courseMonths) || terms.courseMonths < 0) throw new RangeError('courseMonths must be a whole number ≥ 0');
  if (!Number.isInteger(terms.bonusDays) || terms.bonusDays < 0) throw new RangeError('bonusDays must be a whole number ≥ 0');
  if (terms.courseMonths === 0 && terms.bonusDays === 0) throw new RangeError('a product must give at least one day of access');
  const courseEnd = addCalendarMonths(paidAt, terms.courseMonths, timeZone);
  return { validFrom: paidAt, validUntil: addCalendarDays(courseEnd, terms.bonusDays, timeZone) };
}

/** Whether the window holds at `now` (validUntil itself is already outside). */
export function isWithin(window: AccessWindow, now: Date): boolean {
  return window.validFrom.getTime() <= now.getTime() && now.getTime() < window.validUntil.getTime();
}
