/**
 * The weekly default mock window (ADR 0019): one weekday, a start and an end time of day at a fixed
 * UTC offset. Kazakhstan keeps one offset all year (UTC+5 since 1 March 2024, no daylight saving),
 * so an offset says Asia/Almaty exactly.
 */
export interface WeeklySchedule {
  /** 0 = Sunday … 6 = Saturday, in the schedule's own offset */
  weekday: number;
  /** minutes after local midnight */
  opensAtMinute: number;
  closesAtMinute: number;
  /** minutes east of UTC (Almaty: 300) */
  utcOffsetMinutes: number;
}

export interface WindowSpan { opensAt: Date; closesAt: Date }

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;

/** "10:00" → 600; undefined when it is no time of day. */
export function minuteOfDay(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** "+05:00" → 300; undefined when it is no offset. */
export function offsetMinutes(text: string): number | undefined {
  const m = /^([+-])(0\d|1[0-4]):([0-5]\d)$/.exec(text);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

/** The weekly window of the week `at` falls in (it may be over or still to come). */
function windowOfWeek(s: WeeklySchedule, at: number): WindowSpan {
  const local = at + s.utcOffsetMinutes * MINUTE;
  const midnight = Math.floor(local / DAY) * DAY;
  const weekday = new Date(midnight).getUTCDay();
  const day = midnight + (s.weekday - weekday) * DAY;
  const opens = day + s.opensAtMinute * MINUTE - s.utcOffsetMinutes * MINUTE;
  return { opensAt: new Date(opens), closesAt: new Date(opens + (s.closesAtMinute - s.opensAtMinute) * MINUTE) };
}

/** Every weekly window that overlaps [from, to), oldest first. */
export function weeklyWindowsBetween(s: WeeklySchedule, from: Date, to: Date): WindowSpan[] {
  const spans: WindowSpan[] = [];
  for (let w = windowOfWeek(s, from.getTime() - WEEK); w.opensAt < to; w = shift(w, WEEK)) {
    if (w.closesAt > from) spans.push(w);
  }
  return spans;
}

const shift = (w: WindowSpan, ms: number): WindowSpan => ({ opensAt: new Date(w.opensAt.getTime() + ms), closesAt: new Date(w.closesAt.getTime() + ms) });

/** The weekly window open at `now`, if one is. */
export function weeklyWindowAt(s: WeeklySchedule, now: Date): WindowSpan | undefined {
  return weeklyWindowsBetween(s, now, new Date(now.getTime() + 1))[0];
}

/** The weekly window open at `now` or the next one to open. */
export function currentOrNextWeekly(s: WeeklySchedule, now: Date): WindowSpan {
  return weeklyWindowsBetween(s, now, new Date(now.getTime() + WEEK + DAY))[0]!;
}

/** Problems with a schedule the config schema cannot see: the window closes after it opens, the same day. */
export function scheduleProblems(s: WeeklySchedule): string[] {
  return s.closesAtMinute > s.opensAtMinute ? [] : ['the weekly window must close after it opens, on the same day'];
}

export const ADMIN_WINDOW_LIMITS = { minMinutes: 30, maxDays: 7 };

/**
 * An admin window must be at least 30 minutes long (enough to start), at most 7 days, and close in
 * the future. (That it overlaps no other window is checked against the store and the schedule.)
 */
export function adminWindowProblems(w: WindowSpan, now: Date): { field: string; message: string }[] {
  const length = w.closesAt.getTime() - w.opensAt.getTime();
  if (length <= 0) return [{ field: '/closesAt', message: 'must be after opensAt' }];
  if (length < ADMIN_WINDOW_LIMITS.minMinutes * MINUTE) return [{ field: '/closesAt', message: `a window lasts at least ${ADMIN_WINDOW_LIMITS.minMinutes} minutes` }];
  if (length > ADMIN_WINDOW_LIMITS.maxDays * DAY) return [{ field: '/closesAt', message: `a window lasts at most ${ADMIN_WINDOW_LIMITS.maxDays} days` }];
  if (w.closesAt <= now) return [{ field: '/closesAt', message: 'must be in the future' }];
  return [];
}
