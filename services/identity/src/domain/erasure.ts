import { BUSINESS_TIME_ZONE, localDate } from '@joo/calendar';
import { isIsoDate } from './calendar.js';

/**
 * Offer 8.7: personal data is erased on the user's request "in the month following the month of the
 * request". Months are Asia/Almaty calendar months (docs/ARCHITECTURE.md §6); the erasure is scheduled
 * for the first day of that month.
 */
export { BUSINESS_TIME_ZONE };

/** The Asia/Almaty calendar date of an instant, as YYYY-MM-DD; an invalid instant is refused, not guessed. */
export function almatyDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date');
  return localDate(instant);
}

/** First day of the Almaty month after the one in which the request was made, as YYYY-MM-DD. */
export function erasureDate(requestedAt: Date): string {
  const [year, month] = almatyDate(requestedAt).split('-').map(Number) as [number, number];
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return `${String(next.year).padStart(4, '0')}-${String(next.month).padStart(2, '0')}-01`;
}

/** True from 00:00 Asia/Almaty on `scheduledFor` (YYYY-MM-DD) onwards. */
export function isErasureDue(scheduledFor: string, now: Date): boolean {
  if (!isIsoDate(scheduledFor)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(scheduledFor)}`);
  return almatyDate(now) >= scheduledFor;
}
