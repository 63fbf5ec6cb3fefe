/** Asia/Almaty wall-clock arithmetic for business rules (quiet hours, calendar days). */
export const ZONE = 'Asia/Almaty';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

export interface WallClock { year: number; month: number; day: number; hour: number; minute: number; second: number }

export function wallClock(at: Date): WallClock {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour!, minute: +p.minute!, second: +p.second! };
}

/** The instant at which Almaty's clock shows the given wall time. */
export function fromWallClock(w: Omit<WallClock, 'second'> & { second?: number }): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);
  // The offset at the guess is the zone's offset there (Kazakhstan has no daylight saving time).
  const shown = wallClock(new Date(guess));
  const offset = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second) - guess;
  return new Date(guess - offset);
}

/** The Almaty calendar date of an instant, as YYYY-MM-DD. */
export function almatyDate(at: Date): string {
  const w = wallClock(at);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Whole calendar days from the Almaty date of `from` to that of `to`. */
export function calendarDaysBetween(from: Date, to: Date): number {
  const day = (d: Date) => Date.parse(`${almatyDate(d)}T00:00:00Z`) / 86_400_000;
  return day(to) - day(from);
}
