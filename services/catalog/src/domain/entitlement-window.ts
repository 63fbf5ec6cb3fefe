/**
 * The access window of a purchase: from the payment instant, `courseMonths` calendar months of the
 * course, then `bonusDays` days of bonus access (offer Appendix 2). Months are counted on the
 * Asia/Almaty calendar and clamped to the month's end (paid 31 October → course ends 28/29
 * February), keeping the local time of day. The calendar arithmetic itself is @joo/calendar's.
 */
import { addCalendarDays, addCalendarMonths, BUSINESS_TIME_ZONE } from '@joo/calendar';

// Re-exported for the window's tests, which check month arithmetic through this module.
export { addCalendarMonths };

export interface AccessTerms {
  courseMonths: number;
  bonusDays: number;
}

export interface AccessWindow {
  validFrom: Date;
  validUntil: Date;
}

export interface CourseWindow extends AccessWindow {
  /**
   * The end of the course proper: from here to validUntil is the bonus period, when recorded
   * lessons and practice stay open but live lessons, mocks and curator follow-up end.
   */
  courseUntil: Date;
}

/**
 * validFrom = the payment instant; courseUntil = + courseMonths months; validUntil = + bonusDays
 * days after that.
 */
export function accessWindow(paidAt: Date, terms: AccessTerms, timeZone = BUSINESS_TIME_ZONE): CourseWindow {
  if (!Number.isInteger(terms.courseMonths) || terms.courseMonths < 0) throw new RangeError('courseMonths must be a whole number ≥ 0');
  if (!Number.isInteger(terms.bonusDays) || terms.bonusDays < 0) throw new RangeError('bonusDays must be a whole number ≥ 0');
  if (terms.courseMonths === 0 && terms.bonusDays === 0) throw new RangeError('a product must give at least one day of access');
  const courseEnd = addCalendarMonths(paidAt, terms.courseMonths, timeZone);
  return { validFrom: paidAt, courseUntil: courseEnd, validUntil: addCalendarDays(courseEnd, terms.bonusDays, timeZone) };
}

/** Whether the window holds at `now` (validUntil itself is already outside). */
export function isWithin(window: AccessWindow, now: Date): boolean {
  return window.validFrom.getTime() <= now.getTime() && now.getTime() < window.validUntil.getTime();
}

/**
 * Whether the window gives course time at `now`: within it and before the course's end. Live
 * content needs it; the bonus period after courseUntil opens recorded content only.
 */
export function isCourseTime(window: AccessWindow & { courseUntil: Date | null }, now: Date): boolean {
  return isWithin(window, now) && (window.courseUntil === null || now.getTime() < window.courseUntil.getTime());
}
