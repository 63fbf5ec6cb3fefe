import { calendarDaysBetween } from '@joo/calendar';

/** Offer 2.8: users are told of a shutdown at least 5 calendar days before it. */
export const SHUTDOWN_NOTICE_DAYS = 5;

/** Whether a notice sent at `now` about a shutdown at `shutdownAt` is early enough (Almaty calendar days). */
export function shutdownNoticeInTime(now: Date, shutdownAt: Date): boolean {
  return calendarDaysBetween(now, shutdownAt) >= SHUTDOWN_NOTICE_DAYS;
}
