import { isIsoDate } from './calendar.js';

/**
 * Offer 8.7: personal data is erased on the user's request "in the month following the month of the
 * request". Months are Asia/Almaty calendar months (ARCHITECTURE §6); the erasure is scheduled
 * for the first day of that month.
 */
export const BUSINESS_TIME_ZONE = 'Asia/Almaty';

const almatyDateFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: BUSINESS_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Almaty calendar date of an instant, as YYYY-MM-DD. */
export function almatyDate(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date');
  const parts = almatyDateFormat.formatToParts(instant);
  const part = (type: 'year' | 'month' | 'day'): string => {
    const value = parts.find((p) => p.type === type)?.value;
    if (value === undefined) throw new Error(`Intl gave no ${type}`);
    return value;
  };
  return `${part('year')}-${part('month')}-${part('day')}`;
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
